import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SHORTCUTS } from '../../src/slack/ids.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Slack's manifest JSON schema (MIT, slackapi/manifest-schema), kept beside the repository, not in it.
const schemaDir = path.resolve(repoRoot, '..', 'shared', 'slack-manifest-schema');
const schemaFile = path.join(schemaDir, 'manifest.schema.1.0.0.json');

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean };
    slash_commands: Array<{ command: string; url: string; should_escape: boolean }>;
    shortcuts?: Array<{ name: string; type: string; callback_id: string }>;
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

const manifest = parse(readFileSync(path.join(repoRoot, 'manifest.yml'), 'utf8')) as Manifest;

describe('manifest.yml', () => {
  it('declares the advisory import as a message shortcut, with the scope to read attached files', () => {
    expect(manifest.features.shortcuts).toContainEqual(
      expect.objectContaining({
        type: 'message',
        callback_id: SHORTCUTS.importAdvisory,
        name: 'Campaign from advisory',
      }),
    );
    expect(manifest.oauth_config.scopes.bot).toContain('files:read');
  });

  it('declares the /xsa command, the home tab and app_home_opened, all on /slack/events', () => {
    const xsa = manifest.features.slash_commands.find((c) => c.command === '/xsa');

    expect(xsa).toMatchObject({ should_escape: true, url: expect.stringMatching(/\/slack\/events$/) });
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.event_subscriptions.request_url).toBe(xsa?.url);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: xsa?.url });
  });

  it('asks for the bot scopes the bot uses', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      [
        'commands',
        'chat:write',
        'chat:write.public',
        'users:read',
        'channels:read',
        'groups:read',
        'im:read',
        'mpim:read',
        'pins:write',
        'files:write',
        'channels:history',
        'groups:history',
        'files:read',
      ].sort(),
    );
  });
});

describe.skipIf(!existsSync(schemaFile))(
  `manifest.yml against Slack's manifest schema (skipped: Slack manifest schema not found beside the repository at ${schemaDir})`,
  () => {
    let validate: ValidateFunction;

    beforeAll(() => {
      // The schema is draft-07, Ajv's default. It uses keywords Ajv does not know (`regex`, `_note`),
      // hence strict: false; `uri` is the only format it uses, and ajv-formats is not a dependency.
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajv.addFormat('uri', (value: string) => URL.canParse(value));
      validate = ajv.compile(readJson(schemaFile) as object);
    });

    it('accepts manifest.yml', () => {
      const valid = validate(manifest);

      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it("accepts the schema's valid example and rejects its invalid one", () => {
      expect(validate(readJson(path.join(schemaDir, 'manifest.valid.json')))).toBe(true);
      expect(validate(readJson(path.join(schemaDir, 'manifest.invalid.json')))).toBe(false);
      expect(validate.errors).toContainEqual(
        expect.objectContaining({
          keyword: 'additionalProperties',
          params: { additionalProperty: 'bad_param' },
        }),
      );
    });
  },
);
