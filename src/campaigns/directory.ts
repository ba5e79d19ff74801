/** What the use cases need to know about Slack's people and channels (implemented over the Web API). */
export interface Directory {
  /** The user's IANA time zone from their Slack profile, or null when Slack does not say. */
  userTimeZone(userId: string): Promise<string | null>;
  /** Members of a channel. Throws an XsaError the user can act on when the bot cannot read them. */
  channelMembers(channelId: string): Promise<ReadonlySet<string>>;
}
