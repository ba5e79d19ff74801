/** What the use cases need to know about Slack's people and channels (implemented over the Web API). */
export interface Directory {
  /** The user's IANA time zone from their Slack profile, or null when Slack does not say. */
  userTimeZone(userId: string): Promise<string | null>;
  /** Members of a channel. Throws an XsaError the user can act on when the bot cannot read them. */
  channelMembers(channelId: string): Promise<ReadonlySet<string>>;
  /**
   * Whether a conversation is a private channel (rule 2: only one can be a war room); `unseen` when
   * Slack will not show it to the bot (a private channel it was not invited to).
   */
  channelKind(channelId: string): Promise<'private' | 'public' | 'direct' | 'unseen'>;
  /** Display names of the people behind user ids, where Slack knows them (the report names people). */
  userNames(ids: readonly string[]): Promise<Map<string, string>>;
}
