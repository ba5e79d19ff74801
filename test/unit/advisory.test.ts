import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../src/domain/advisory.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'advisories', name), 'utf8');

describe('parseAdvisory on advisories as mailed', () => {
  it.each([
    {
      file: 'xsa-108-predisclosure.txt',
      id: 'XSA-108',
      title: 'Improper MSR range used for x2APIC emulation',
      cves: ['CVE-2014-7188'],
      version: 1,
      publicAt: '2014-10-01T12:00:00.000Z',
      permitted: true,
    },
    {
      file: 'xsa-399-v2.eml',
      id: 'XSA-399',
      title: 'race in VT-d domain ID cleanup',
      cves: ['CVE-2022-26357'],
      version: 2,
      publicAt: null,
      permitted: true,
    },
    {
      file: 'xsa-329-quoted.txt',
      id: 'XSA-329',
      title: 'Linux ioperm bitmap context switching issues',
      cves: [],
      version: 2,
      publicAt: null,
      permitted: true,
    },
    {
      file: 'xsa-355-v2-qp.eml',
      id: 'XSA-355',
      title: 'stack corruption from XSA-346 change',
      cves: ['CVE-2020-29040'],
      version: 2,
      publicAt: null,
      permitted: true,
    },
    {
      file: 'xsa-407-several-cves.txt',
      id: 'XSA-407',
      title: 'Retbleed - arbitrary speculative code execution with return instructions',
      cves: ['CVE-2022-23816', 'CVE-2022-23825', 'CVE-2022-29900'],
      version: 8,
      publicAt: null,
      permitted: true,
    },
    {
      file: 'deployment-not-permitted.txt',
      id: 'XSA-108',
      title: 'Improper MSR range used for x2APIC emulation',
      cves: ['CVE-2014-7188'],
      version: 2,
      publicAt: null,
      permitted: false,
    },
  ])('$file → $id', ({ file, id, title, cves, version, publicAt, permitted }) => {
    const parsed = parseAdvisory(fixture(file));
    expect(parsed).toMatchObject({ id, title, cves, version, deployment: { permitted } });
    expect(parsed.publicAt?.toISO() ?? null).toBe(publicAt);
  });

  it('keeps the words that restrict deployment: the fixes, or only a mitigation', () => {
    expect(parseAdvisory(fixture('deployment-not-permitted.txt')).deployment.restriction).toMatch(
      /^Deployment of the patches and\/or mitigations described above .* is NOT permitted during the embargo/,
    );
    const mitigationOnly = parseAdvisory(fixture('xsa-399-v2.eml')).deployment;
    expect(mitigationOnly.permitted).toBe(true);
    expect(mitigationOnly.restriction).toContain('deployment of the mitigation is NOT permitted');
    expect(parseAdvisory(fixture('xsa-108-predisclosure.txt')).deployment.restriction).toBeNull();
  });

  it('reads the text as Slack sends a pasted message: entities, CRLF, a forwarded Subject line only', () => {
    const slack = fixture('xsa-329-quoted.txt').replace(/>/g, '&gt;').replace(/\n/g, '\r\n');
    expect(parseAdvisory(slack)).toMatchObject({ id: 'XSA-329', version: 2 });
    expect(
      parseAdvisory('Fwd: Xen Security Advisory 399 v2 (CVE-2022-26357) - race in VT-d domain ID cleanup'),
    ).toMatchObject({ id: 'XSA-399', cves: ['CVE-2022-26357'], title: 'race in VT-d domain ID cleanup' });
  });

  it.each(['', 'hello team, reboot tonight?', 'XSA-108 is bad', 'Xen Security Advisory\nversion 2'])(
    'says what it looked for when %j holds no advisory',
    (text) => {
      expect(() => parseAdvisory(text)).toThrow(/Xen Security Advisory CVE-2014-7188 \/ XSA-108/);
    },
  );
});
