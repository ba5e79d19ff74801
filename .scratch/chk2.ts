import { webApi } from '@slack/bolt';
import { StandInSlack } from '../src/sandbox/stand-in-slack.ts';
const slack = await StandInSlack.start({ now: () => Date.now(), users: { U1: {} } });
const c = new webApi.WebClient('x', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
try { await c.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } }); console.log('ok'); } catch (e: any) { console.log(e.data); }
try { await c.views.open({ trigger_id: slack.issueTrigger('U1'), view: { type: 'modal', title: {type:'plain_text', text:'x'}, blocks: [] } }); console.log('ok'); } catch (e: any) { console.log(e.data); }
await slack.stop();
