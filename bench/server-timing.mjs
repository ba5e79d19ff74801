import { Server } from 'node:http';

/**
 * Preloaded (`node --import`) into the bot and the baseline during the ack-latency benchmark: times
 * each HTTP request inside the process, from its 'request' event (the event loop has read and parsed
 * the request's head) to the call of its response's `end()` (the ack written to the socket). Not
 * 'finish': that event waits for the loop, which a listener fills with its own work right after
 * `ack()`. What the load generator sees beyond this is the network, its own loop, and the time the
 * request waited for this process's loop (and for a core) before it was read.
 *
 * `GET /__bench/server-timing` returns the durations (ms) measured since the last such request and
 * forgets them; that request is not timed and never reaches the app.
 *
 * Plain JavaScript: the built bot runs on plain `node`, as operators run it, not under tsx.
 */

const PATH = '/__bench/server-timing';
const samples = [];
const emit = Server.prototype.emit;

Server.prototype.emit = function emitTimed(event, ...args) {
  if (event === 'request') {
    const [request, response] = args;
    if (request.url === PATH) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(samples.splice(0)));
      return true;
    }
    const started = performance.now();
    const end = response.end;
    response.end = function endTimed(...endArgs) {
      samples.push(performance.now() - started);
      return end.apply(this, endArgs);
    };
  }
  return emit.call(this, event, ...args);
};
