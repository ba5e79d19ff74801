// Slack's Block Kit limits (PRODUCT.md, "Slack's limits to respect"); Slack rejects a message that breaks one.
type Json = Record<string, unknown>;

/** Every way `blocks` breaks Block Kit's limits, as readable strings (empty when it fits). */
export function blockKitViolations(blocks: unknown[], maxBlocks: number): string[] {
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`${blocks.length} blocks > ${maxBlocks}`);
  const ids = new Set<string>();
  blocks.forEach((raw, i) => {
    const block = raw as Json;
    const at = `block ${i} (${String(block.type)})`;
    const blockId = block.block_id as string | undefined;
    if (blockId !== undefined) {
      if (blockId.length > 255) problems.push(`${at}: block_id ${blockId.length} > 255`);
      if (ids.has(blockId)) problems.push(`${at}: duplicate block_id ${blockId}`);
      ids.add(blockId);
    }
    const text = (block.text as Json | undefined)?.text as string | undefined;
    if (block.type === 'header' && text && text.length > 150)
      problems.push(`${at}: header ${text.length} > 150`);
    if (block.type === 'section' && text && text.length > 3000)
      problems.push(`${at}: text ${text.length} > 3000`);
    const fields = block.fields as Json[] | undefined;
    if (fields && fields.length > 10) problems.push(`${at}: ${fields.length} fields > 10`);
    for (const field of fields ?? []) {
      if (String(field.text).length > 2000) problems.push(`${at}: field > 2000`);
    }
    for (const element of (block.elements as Json[] | undefined) ?? []) {
      if (element.type !== 'button') continue;
      const label = (element.text as Json).text as string;
      if (label.length > 75) problems.push(`${at}: button text ${label.length} > 75`);
      if (String(element.value ?? '').length > 2000) problems.push(`${at}: button value > 2000`);
      if (String(element.action_id ?? '').length > 255) problems.push(`${at}: action_id > 255`);
    }
    if (block.type === 'actions' && ((block.elements as unknown[]) ?? []).length > 25)
      problems.push(`${at}: > 25 elements`);
  });
  return problems;
}
