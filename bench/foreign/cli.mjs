// What echo.mjs and browser-echo.mjs share in Node: their flags and their
// printout.
function usage(name, extra, error) {
  if (error) console.error(`${name}: ${error}`);
  console.error(
      `usage: node ${name} ${extra}--url URL [--mib 16] [--chunk-kib 64] [--runs 9] ` +
      '[--high-kib 1024] [--low-kib 256] [--poll-ms 1] [--settle-ms 200] [--stall-s 30] ' +
      '[--wait-gathering] [--only-address ADDR] [--json] [--quiet]');
  process.exit(2);
}

export function parseArgs(name, argv, {extra = {}, extraUsage = ''} = {}) {
  const fail = (error) => usage(name, extraUsage, error);
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
        fail();
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
        if (a in extra) {
          o[extra[a]] = argv[++i];
          break;
        }
        if (!(a in numbers)) fail(`unknown argument ${a}`);
        const v = Number(argv[++i]);
        if (!Number.isFinite(v) || v < 0) fail(`${a} needs a number`);
        o[numbers[a]] = v;
      }
    }
  }
  if (!o.url) fail('--url needs a value');
  if (o.stallS !== undefined) o.stallMs = o.stallS * 1000;
  o.url = o.url.replace(/\/+$/, '');
  if (o.chunkKiB < 1 || o.runs < 1 || o.mib <= 0)
    fail('--chunk-kib, --runs, --mib must be positive');
  return o;
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


// Prints each run and the medians as webrtc-bench does (bench/foreign.sh
// reads the "upload"/"download" p50 lines). `client` names the stack.
export function report(o, results, client) {
  const up = [];
  const down = [];
  const failures = [];
  let first = true;
  results.forEach((r, index) => {
    const i = index + 1;
    if (!r.ok) {
      // A run that fails counts as 0 Mbit/s for the direction it did not
      // finish (a stall is the slowest outcome, not a missing sample).
      failures.push(`run ${i}: ${r.error}`);
      up.push(Number.isFinite(r.uploadMs) ? mbps(r.bytes, r.uploadMs) : 0);
      down.push(0);
      console.log(`run ${i}: FAILED (${r.error}); up ${up[up.length - 1].toFixed(1)}, down 0 Mbit/s`);
      return;
    }
    if (first && !o.quiet) {
      // The first run that finished.
      console.log(
          `server offer a=max-message-size: ${r.offerMaxMessageSize ?? 'none'}; ` +
          `our answer a=max-message-size: ${r.answerMaxMessageSize ?? 'none'}, ` +
          `${r.answerCandidates} candidates${o.waitGathering ? ' (waited for gathering)' : ''}; ` +
          `ICE pair ${r.path}`);
    }
    up.push(mbps(r.bytes, r.uploadMs));
    down.push(mbps(r.bytes, r.downloadMs));
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
    first = false;
  });
  console.log(`${o.mib} MiB echoed in ${o.chunkKiB} KiB chunks, ${o.runs} runs (${client}, ` +
              'a connection per run)');
  print('upload (server-timed)', 'Mbit/s', up);
  print('download (client-timed)', 'Mbit/s', down);
  if (failures.length)
    console.log(`failed runs: ${failures.length} of ${o.runs} (counted as 0 Mbit/s)`);
  if (o.json) {
    console.log(JSON.stringify({
      url: o.url,
      client,
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
