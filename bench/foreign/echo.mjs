// The datachannel-buffer-limits echo from a foreign WebRTC stack: a Node
// client on npm's @roamhq/wrtc 0.10.0 (the maintained node-webrtc) answers
// the server's offer over the REST API, sends M MiB in K KiB binary chunks
// with at most 1 MiB queued, refilling once the queue is down to 256 KiB,
// then counts the echo (text or binary: the original server echoes text,
// ours binary). @roamhq/wrtc 0.10.0 never fires 'bufferedamountlow' (its
// RTCDataChannel has neither bufferedAmountLowThreshold nor the event), so
// we set the threshold, listen, and also look every --poll-ms (1 ms).
// Upload is timed by the server (its "#START <uploadMs>"), download by us
// (its "#START" to its "#STOP"), as webrtc-bench throughput does.
//
// Works against this server and the original node-webrtc example server: it
// speaks only what both accept (no "#READY"; it waits for the channel's open
// and 200 ms, as the original's page waits 200 ms), and opens a fresh
// connection for every run, since the original never resets its byte count
// on "#START" (a second run on one channel would echo 32 MiB). It posts its
// answer without waiting for its own ICE gathering, as the original's
// client does; --wait-gathering waits (both servers connect either way).
//
//   node echo.mjs --url http://127.0.0.1:4210 [--mib 16] [--chunk-kib 64] [--runs 9]
//                 [--high-kib 1024] [--low-kib 256] [--poll-ms 1] [--settle-ms 200] [--stall-s 30]
//                 [--wait-gathering] [--only-address 127.0.0.1] [--json] [--quiet]
import wrtc from '@roamhq/wrtc';
import {performance} from 'node:perf_hooks';

const {RTCPeerConnection} = wrtc;

function usage(error) {
  if (error) console.error(`echo.mjs: ${error}`);
  console.error(
      'usage: node echo.mjs --url URL [--mib 16] [--chunk-kib 64] [--runs 9] ' +
      '[--high-kib 1024] [--low-kib 256] [--poll-ms 1] [--settle-ms 200] [--stall-s 30] ' +
      '[--wait-gathering] [--only-address ADDR] [--json] [--quiet]');
  process.exit(2);
}

function parseArgs(argv) {
  const o = {
    url: 'http://127.0.0.1:3000',
    mib: 16,
    chunkKiB: 64,
    runs: 9,
    highKiB: 1024,
    lowKiB: 256,
    settleMs: 200,
    pollMs: 1,
    stallMs: 30000,
    waitGathering: false,
    onlyAddress: null,
    json: false,
    quiet: false,
  };
  const numbers = {
    '--mib': 'mib',
    '--chunk-kib': 'chunkKiB',
    '--runs': 'runs',
    '--high-kib': 'highKiB',
    '--low-kib': 'lowKiB',
    '--settle-ms': 'settleMs',
    '--poll-ms': 'pollMs',
    '--stall-s': 'stallS',
  };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    switch (a) {
      case '--help':
      case '-h':
        usage();
        break;
      case '--wait-gathering':
        o.waitGathering = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--url':
        o.url = argv[++i];
        break;
      case '--only-address':
        o.onlyAddress = argv[++i];
        break;
      default: {
        if (!(a in numbers)) usage(`unknown argument ${a}`);
        const v = Number(argv[++i]);
        if (!Number.isFinite(v) || v < 0) usage(`${a} needs a number`);
        o[numbers[a]] = v;
      }
    }
  }
  if (!o.url) usage('--url needs a value');
  if (o.stallS !== undefined) o.stallMs = o.stallS * 1000;
  o.url = o.url.replace(/\/+$/, '');
  if (o.chunkKiB < 1 || o.runs < 1 || o.mib <= 0)
    usage('--chunk-kib, --runs, --mib must be positive');
  return o;
}

async function request(method, url, body) {
  const init = {method};
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = {'Content-Type': 'application/json'};
  }
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

// Keeps only the candidates on `address`, in the offer and in our answer, so
// that both servers use the same path (the original gathers on every
// interface, IPv6 too, and its checks from there make ICE pick, say, an IPv6
// pair with a peer-reflexive end).
function keepCandidates(sdp, address) {
  return sdp.split('\r\n')
      .filter((line) => !line.startsWith('a=candidate:') || line.split(' ')[4] === address)
      .join('\r\n');
}

function maxMessageSize(sdp) {
  const m = /^a=max-message-size:(\d+)/m.exec(sdp || '');
  return m ? Number(m[1]) : null;
}

function waitForGathering(pc) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      if (pc.iceGatheringState !== 'complete') return;
      pc.removeEventListener('icegatheringstatechange', done);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', done);
    pc.addEventListener('icecandidate', ({candidate}) => {
      if (!candidate) resolve();
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One connection, one transfer: resolves with the rates and what was seen.
async function runOnce(o, base) {
  const info = {};
  const t0 = performance.now();
  const offer = await request('POST', `${base}/connections`);
  const id = offer.id;
  info.offerMaxMessageSize = maxMessageSize(offer.localDescription.sdp);
  const pc = new RTCPeerConnection({sdpSemantics: 'unified-plan'});
  let channelResolve;
  const channelReady = new Promise((resolve) => {
    channelResolve = resolve;
  });
  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label === 'datachannel-buffer-limits') channelResolve(channel);
  });
  try {
    let sdp = offer.localDescription.sdp;
    if (o.onlyAddress) sdp = keepCandidates(sdp, o.onlyAddress);
    await pc.setRemoteDescription({type: 'offer', sdp});
    await pc.setLocalDescription(await pc.createAnswer());
    if (o.waitGathering) await waitForGathering(pc);
    info.answerMaxMessageSize = maxMessageSize(pc.localDescription.sdp);
    let answer = pc.localDescription.sdp;
    if (o.onlyAddress) answer = keepCandidates(answer, o.onlyAddress);
    info.answerCandidates = (answer.match(/^a=candidate:/gm) || []).length;
    await request(
        'POST', `${base}/connections/${id}/remote-description`, {type: 'answer', sdp: answer});
    const channel = await withTimeout(channelReady, o.stallMs, 'the data channel');
    channel.binaryType = 'arraybuffer';
    if (channel.readyState !== 'open') {
      await withTimeout(
          new Promise((resolve) => channel.addEventListener('open', resolve, {once: true})),
          o.stallMs, 'the channel to open');
    }
    info.openMs = performance.now() - t0;
    // The original's page waits 200 ms after the channel appears before it
    // sends; so do we (after the open), for both servers.
    if (o.settleMs > 0) await sleep(o.settleMs);
    const result = await transfer(o, channel);
    info.path = await selectedPath(pc);
    return {...result, ...info};
  } finally {
    pc.close();
    await request('DELETE', `${base}/connections/${id}`).catch(() => {});
  }
}

// "udp 127.0.0.1 -> 127.0.0.1" for the pair ICE chose, from getStats().
async function selectedPath(pc) {
  try {
    const stats = await pc.getStats();
    const all = [...stats.values()];
    const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
    const pair = transport ?
        stats.get(transport.selectedCandidatePairId) :
        all.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
    if (!pair) return 'unknown';
    const local = stats.get(pair.localCandidateId) || {};
    const remote = stats.get(pair.remoteCandidateId) || {};
    const end = (c) => `${c.address ?? c.ip}:${c.port} ${c.candidateType}`;
    return `${local.protocol} ${end(local)} -> ${end(remote)}`;
  } catch (error) {
    return `unknown (${error.message})`;
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

function transfer(o, channel) {
  const total = Math.round(o.mib * 1024 * 1024);
  const chunkBytes = o.chunkKiB * 1024;
  const high = o.highKiB * 1024;
  const low = o.lowKiB * 1024;
  const chunk = new Uint8Array(chunkBytes).fill(0x2a);
  channel.bufferedAmountLowThreshold = low;
  return new Promise((resolve, reject) => {
    const r = {
      bytes: total,
      echoed: 0,
      uploadMs: NaN,
      downloadMs: NaN,
      queueMs: NaN,
      textMessages: 0,
      binaryMessages: 0,
      minMessage: Infinity,
      maxMessage: 0,
      mostQueued: 0,
      lowEvents: 0,
      polls: 0,
    };
    let queued = 0;
    let echoStartedAt = 0;
    let lastMove = performance.now();
    let finished = false;
    let pollTimer = null;
    const finish = (error) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      clearTimeout(pollTimer);
      channel.removeEventListener('message', onMessage);
      channel.removeEventListener('bufferedamountlow', onLow);
      channel.removeEventListener('close', onClose);
      if (error) {
        error.partial = r;  // what the run got to: the upload's time, if it came
        reject(error);
      } else {
        resolve(r);
      }
    };
    const watchdog = setInterval(() => {
      if (performance.now() - lastMove > o.stallMs) {
        finish(new Error(
            `nothing moved for ${o.stallMs / 1000} s: queued ${queued} of ${total}, ` +
            `bufferedAmount ${channel.bufferedAmount}, echoed ${r.echoed}, ` +
            `bufferedamountlow events ${r.lowEvents}`));
      }
    }, 500);
    const pump = () => {
      if (finished || channel.readyState !== 'open') return;
      lastMove = performance.now();
      try {
        while (queued < total && channel.bufferedAmount < high) {
          const n = Math.min(chunkBytes, total - queued);
          channel.send(n === chunkBytes ? chunk : chunk.subarray(0, n));
          queued += n;
          r.mostQueued = Math.max(r.mostQueued, channel.bufferedAmount);
          if (queued === total) channel.send('#STOP');
        }
        // No 'bufferedamountlow' from @roamhq/wrtc 0.10.0 (see the top):
        // look again every pollMs until the queue is down to the low mark.
        if (queued < total && !pollTimer) {
          pollTimer = setTimeout(poll, o.pollMs);
        }
      } catch (error) {
        finish(error);
      }
    };
    const poll = () => {
      pollTimer = null;
      ++r.polls;
      if (channel.readyState === 'open' && channel.bufferedAmount > low) {
        pollTimer = setTimeout(poll, o.pollMs);
      } else {
        pump();
      }
    };
    const onLow = () => {
      ++r.lowEvents;
      pump();
    };
    const onClose = () => finish(new Error(`channel closed: queued ${queued}, echoed ${r.echoed}`));
    const onMessage = ({data}) => {
      lastMove = performance.now();
      let size;
      if (typeof data === 'string') {
        if (data.startsWith('#')) {
          if (data.startsWith('#START')) {
            echoStartedAt = performance.now();
            r.uploadMs = Number(data.split(' ')[1]);
          } else if (data.startsWith('#STOP')) {
            r.downloadMs = performance.now() - echoStartedAt;
            r.queueMs = Number(data.split(' ')[1]);
            if (r.echoed !== total) {
              finish(new Error(`sent ${total} bytes, got back ${r.echoed}`));
            } else {
              finish();
            }
          }
          return;
        }
        ++r.textMessages;
        size = Buffer.byteLength(data);
      } else {
        ++r.binaryMessages;
        size = data.byteLength;
      }
      r.echoed += size;
      r.minMessage = Math.min(r.minMessage, size);
      r.maxMessage = Math.max(r.maxMessage, size);
    };
    channel.addEventListener('message', onMessage);
    channel.addEventListener('bufferedamountlow', onLow);
    channel.addEventListener('close', onClose);
    channel.send(`#START ${o.chunkKiB}`);
    pump();
  });
}

const mbps = (bytes, ms) => (ms > 0 ? (bytes * 8) / ms / 1000 : 0);

// As bench/Stats.h: the sample at round(q * (n - 1)) of the sorted set.
function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q) => s[Math.min(Math.round(q * (s.length - 1)), s.length - 1)];
  return {count: s.length, p50: at(0.5), p99: at(0.99), min: s[0], max: s[s.length - 1]};
}

function print(what, unit, samples) {
  const s = summarize(samples);
  const f = (x) => x.toFixed(3).padStart(9);
  console.log(
      `${what.padEnd(28)} n=${String(s.count).padEnd(5)} p50=${f(s.p50)} ${unit}  ` +
      `p99=${f(s.p99)} ${unit}  min=${f(s.min)}  max=${f(s.max)}`);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const base = `${o.url}/datachannel-buffer-limits`;
  const up = [];
  const down = [];
  const runs = [];
  const failures = [];
  for (let i = 1; i <= o.runs; ++i) {
    let r;
    try {
      r = await runOnce(o, base);
    } catch (error) {
      // A run that fails counts as 0 Mbit/s for the direction it did not
      // finish (a stall is the slowest outcome, not a missing sample).
      const partial = error.partial || {};
      failures.push(`run ${i}: ${error.message}`);
      const bytes = partial.bytes ?? Math.round(o.mib * 1024 * 1024);
      up.push(Number.isFinite(partial.uploadMs) ? mbps(bytes, partial.uploadMs) : 0);
      down.push(0);
      console.log(
          `run ${i}: FAILED (${error.message}); up ${up[up.length - 1].toFixed(1)}, down 0 Mbit/s`);
      continue;
    }
    if (runs.length === 0 && !o.quiet) {
      console.log(
          `server offer a=max-message-size: ${r.offerMaxMessageSize ?? 'none'}; ` +
          `our answer a=max-message-size: ${r.answerMaxMessageSize ?? 'none'}, ` +
          `${r.answerCandidates} candidates${o.waitGathering ? ' (waited for gathering)' : ''}; ` +
          `ICE pair ${r.path}`);
    }
    up.push(mbps(r.bytes, r.uploadMs));
    down.push(mbps(r.bytes, r.downloadMs));
    runs.push(r);
    if (!o.quiet) {
      const kinds = [
        r.textMessages && `${r.textMessages} text`, r.binaryMessages && `${r.binaryMessages} binary`
      ].filter(Boolean).join(' + ');
      const upMbps = mbps(r.bytes, r.uploadMs).toFixed(1);
      const downMbps = mbps(r.bytes, r.downloadMs).toFixed(1);
      const downMs = r.downloadMs.toFixed(1);
      console.log(
          `run ${i}: up ${upMbps} Mbit/s (${r.uploadMs} ms, server-timed), ` +
          `down ${downMbps} Mbit/s (${downMs} ms); ` +
          `echo ${kinds} messages of ${r.minMessage}..${r.maxMessage} B, server queued it in ` +
          `${r.queueMs} ms; most queued here ${(r.mostQueued / 1024).toFixed(0)} KiB ` +
          `(${r.lowEvents} bufferedamountlow events, ${r.polls} polls); ` +
          `open ${r.openMs.toFixed(0)} ms after POST`);
    }
  }
  console.log(
      `${o.mib} MiB echoed in ${o.chunkKiB} KiB chunks, ${o.runs} runs (@roamhq/wrtc, ` +
      'a connection per run)');
  print('upload (server-timed)', 'Mbit/s', up);
  print('download (client-timed)', 'Mbit/s', down);
  if (failures.length)
    console.log(`failed runs: ${failures.length} of ${o.runs} (counted as 0 Mbit/s)`);
  if (o.json) {
    console.log(JSON.stringify({
      url: o.url,
      mib: o.mib,
      chunkKiB: o.chunkKiB,
      up,
      down,
      upP50: summarize(up).p50,
      downP50: summarize(down).p50,
      failures
    }));
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(`echo.mjs: ${error.message}`);
  process.exit(1);
});
