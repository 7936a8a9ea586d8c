// datachannel-buffer-limits, browser half: send N MiB to the server on its
// "datachannel-buffer-limits" channel, count the same bytes coming back, and
// show both rates. The protocol (README.md, server.cc):
//   page:   "#READY" when the channel opens; the server answers "#READY"
//   page:   "#START <chunkKiB>", N MiB in binary chunks, "#STOP"
//   server: "#START <uploadMs>", as many bytes in chunks, "#STOP <queueMs>"
// Loaded by web/shell.js; see there for options() and beforeAnswer().

const kKiB = 1024;
const kMiB = 1024 * kKiB;
// The marks the server and the native client use too (example.h): at most
// 1 MiB queued in the browser, refilled when the queue drains to 256 KiB.
// Queueing everything at once fails: Chrome refuses a send past 16 MiB
// queued, and libwebrtc closes a channel whose queue overflows.
const kHighWater = 1 * kMiB;
const kLowWater = 256 * kKiB;
const kMaxChunkKiB = 256;  // libwebrtc's max-message-size; the server ignores more
// As in the native client (Transfer.cc): a transfer in which nothing moves
// for this long has stalled, and the page says so instead of waiting forever.
const kStallMs = 10000;

let inputs = null;  // made by options(), read on each Start

function numberInput(box, {id, label, value, min, max}) {
  const wrap = document.createElement('label');
  wrap.textContent = label;
  const input = document.createElement('input');
  Object.assign(input, {id, type: 'number', value, min, max, step: 1, required: true});
  wrap.append(input);
  box.append(wrap);
  return input;
}

export function options(box) {
  inputs = {
    mib: numberInput(box, {id: 'mib', label: 'Amount (MiB)', value: 16, min: 1, max: 1024}),
    chunkKiB: numberInput(box, {
      id: 'chunk-kib',
      label: `Chunk size (KiB, 1–${kMaxChunkKiB})`,
      value: 64,
      min: 1,
      max: kMaxChunkKiB,
    }),
  };
}

const inMiB = (bytes) => `${(bytes / kMiB).toFixed(1)} MiB`;
const inKiB = (bytes) => `${Math.round(bytes / kKiB)} KiB`;
const percent = (part, whole) => `${Math.floor((100 * part) / whole)}%`;
const mbps = (bytes, ms) => (bytes * 8) / ms / 1000;

function makeView(area, total) {
  const stat = (id, label, sub = '') => `
      <div class="stat"><span class="label">${label}</span>
        <span class="value" id="${id}">–</span><span class="sub" id="${id}-sub">${sub}</span>
      </div>`;
  area.innerHTML = `
    <p class="phase" id="phase"></p>
    <div class="stats">
      ${stat('sent', 'Sent to the server')}
      ${stat('received', 'Received back')}
    </div>
    <div class="stats">
      ${stat('upload-rate', 'Upload', 'timed by the server')}
      ${stat('download-rate', 'Download', 'timed by this page')}
    </div>
    <div class="stats">
      ${stat('queued', 'Queued in this browser now', 'bufferedAmount')}
      ${stat('most-queued', 'Most queued at once', `the page stops adding at ${inMiB(kHighWater)}`)}
    </div>
    <p class="hint small">
      The page sends the amount over the data channel in chunks of the chosen
      size; the server counts the bytes and, after the page's #STOP, sends the
      same amount back. A browser can hold only so much in a channel's send
      queue, so the page keeps at most ${inMiB(kHighWater)} queued and adds
      more each time the queue drains to ${inKiB(kLowWater)} (the
      bufferedamountlow event). Upload: bytes × 8 over the server's time from
      the page's #START to its #STOP. Download: bytes × 8 over this page's time
      from the server's #START to its #STOP.
    </p>`;
  const find = (id) => area.querySelector(`#${id}`);
  const bar = (id) => {
    const progress = document.createElement('progress');
    progress.max = total;
    progress.value = 0;
    find(`${id}-sub`).after(progress);
    return progress;
  };
  const bars = {sent: bar('sent'), received: bar('received')};
  const show = (id, bytes) => {
    find(id).textContent = inMiB(bytes);
    find(`${id}-sub`).textContent = `of ${inMiB(total)} · ${percent(bytes, total)}`;
    bars[id].value = bytes;
  };
  const showRate = (id, bytes, ms, who) => {
    if (ms <= 0) {
      // The server times in whole milliseconds: a tiny upload can read 0.
      find(id).textContent = '–';
      find(`${id}-sub`).textContent = `under 1 ms, too fast to time (${who})`;
      return;
    }
    find(id).textContent = `${mbps(bytes, ms).toFixed(1)} Mbit/s`;
    find(`${id}-sub`).textContent = `${inMiB(bytes)} in ${Math.round(ms)} ms (${who})`;
  };
  return {
    phase(kind, text) {
      find('phase').className = `phase phase-${kind}`;
      find('phase').dataset.phase = kind;
      find('phase').textContent = text;
    },
    progress({sent, received, queued, mostQueued}) {
      show('sent', sent);
      show('received', received);
      find('queued').textContent = inKiB(queued);
      find('most-queued').textContent = inKiB(mostQueued);
    },
    upload: (bytes, ms) => showRate('upload-rate', bytes, ms, 'the server\'s clock'),
    download: (bytes, ms) => showRate('download-rate', bytes, ms, 'this page\'s clock'),
  };
}

export function beforeAnswer(pc, page) {
  const mib = Number(inputs.mib.value);
  const chunkKiB = Number(inputs.chunkKiB.value);
  // The shell has checked the inputs; this guards a caller that did not.
  if (!Number.isInteger(mib) || mib < 1 || !Number.isInteger(chunkKiB) || chunkKiB < 1 ||
      chunkKiB > kMaxChunkKiB) {
    throw new Error(`need whole MiB ≥ 1 and a chunk of 1..${kMaxChunkKiB} KiB`);
  }
  const total = mib * kMiB;
  const amount = `${mib} MiB`;
  const chunk = new ArrayBuffer(chunkKiB * kKiB);  // zeros; sent over and over
  const view = makeView(page.area, total);
  const run = {
    queued: 0,            // bytes handed to channel.send()
    mostQueued: 0,        // the highest bufferedAmount seen right after a send
    serverGotAll: false,  // the server's #START: it counted everything
    received: 0,
    uploadMs: 0,  // the server's, from its #START
    echoStartedAt: 0,
    finished: false,
  };
  let channel = null;
  let watchdog = 0;

  const refresh = () => {
    const queued = channel ? channel.bufferedAmount : 0;
    view.progress({
      sent: run.serverGotAll ? total : run.queued - queued,
      received: run.received,
      queued,
      mostQueued: run.mostQueued,
    });
  };
  const finish = (kind, text) => {
    if (run.finished) return;
    run.finished = true;
    clearTimeout(watchdog);
    refresh();
    view.phase(kind, text);
    page.log(text, kind === 'failed' ? 'error' : 'info');
  };
  const fail = (why) => finish('failed', `Failed: ${why}. Press Stop, then Start to try again.`);
  // Re-armed by everything that moves the transfer, so only a stall fires it.
  const moved = () => {
    clearTimeout(watchdog);
    watchdog = setTimeout(() => fail(`nothing moved for ${kStallMs / 1000} s`), kStallMs);
  };

  // Queues chunks until kHighWater is queued or everything is; the channel's
  // 'bufferedamountlow' event calls it again, so nothing polls.
  const pump = () => {
    if (run.finished || channel.readyState !== 'open') return;
    moved();
    try {
      while (run.queued < total && channel.bufferedAmount < kHighWater) {
        const n = Math.min(chunk.byteLength, total - run.queued);
        channel.send(n === chunk.byteLength ? chunk : chunk.slice(0, n));
        run.queued += n;
        run.mostQueued = Math.max(run.mostQueued, channel.bufferedAmount);
        if (run.queued === total) {
          channel.send('#STOP');
          view.phase(
              'confirming',
              `All ${amount} is queued; waiting for the server to ` +
                  'confirm it received everything…');
        }
      }
    } catch (error) {
      fail(`sending failed: ${error.message}`);
    }
    refresh();
  };

  // Starts on the server's "#READY" (its answer to ours), not on the
  // channel's open: Chrome shows
  // the server's channel (datachannel and open events) before it has wired
  // the channel up to report sends. A send made before that never lowers
  // bufferedAmount if the queue also drains before it: bufferedAmount then
  // stays at 1 MiB, 'bufferedamountlow' never fires and the upload stalls
  // (seen under CPU load). A message, though, is delivered only once the
  // channel is wired up, so after "#READY" every send is accounted for.
  const begin = () => {
    if (run.queued > 0 || run.finished) return;
    page.log(
        `server ready on data channel "${channel.label}": sending "#START ${chunkKiB}", ` +
        `then ${amount} in ${chunkKiB} KiB chunks, then "#STOP"`);
    view.phase(
        'uploading',
        `Uploading ${amount} to the server in ${chunkKiB} KiB ` +
            `chunks, at most ${inMiB(kHighWater)} queued at a time…`);
    channel.send(`#START ${chunkKiB}`);
    pump();
  };

  const onMessage = ({data}) => {
    if (run.finished) return;
    if (typeof data !== 'string') {
      if (!run.serverGotAll) return;  // bytes before the server's #START are not the echo
      run.received += data.byteLength;
      moved();
      refresh();
      return;
    }
    if (data === '#READY') {
      begin();
    } else if (data.startsWith('#START ')) {
      run.serverGotAll = true;
      run.echoStartedAt = performance.now();
      run.uploadMs = Number(data.slice(7));
      moved();
      view.upload(total, run.uploadMs);
      view.phase(
          'echoing',
          `The server received ${amount} in ${run.uploadMs} ms; now it ` +
              'sends the same amount back…');
      page.log(`server: "${data}": it received everything; the echo begins`);
      refresh();
    } else if (data.startsWith('#STOP ')) {
      const downloadMs = performance.now() - run.echoStartedAt;
      view.download(run.received, downloadMs);
      page.log(`server: "${data}": it queued the whole echo in ${data.slice(6)} ms`);
      if (run.received !== total) {
        fail(`sent ${total} bytes but got ${run.received} back`);
        return;
      }
      const rate = (ms, bytes) =>
          (ms > 0 ? `${mbps(bytes, ms).toFixed(1)} Mbit/s` : 'in under 1 ms');
      finish(
          'done',
          `Done: ${amount} went to the server at ${rate(run.uploadMs, total)} and all of it came ` +
              `back at ${rate(downloadMs, run.received)}. Press Stop to close the connection; ` +
              'then you can change the sizes and Start again.');
    }
  };

  pc.addEventListener('datachannel', ({channel: offered}) => {
    if (offered.label !== 'datachannel-buffer-limits') return;
    channel = offered;
    // The count reads data.byteLength, which only an ArrayBuffer has; and a
    // Blob per chunk would cost Chrome a trip to its blob store. Browsers
    // have differed on the default, so say it.
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = kLowWater;
    channel.addEventListener('bufferedamountlow', pump);
    channel.addEventListener('message', onMessage);
    channel.addEventListener('close', () => {
      page.log(`data channel "${channel.label}" closed`);
      fail('the data channel closed before the transfer finished');
    });
    // A question the server answers with "#READY" (the original's server
    // would count it as 6 bytes of data; this one knows it). Its own send
    // may go unaccounted in bufferedAmount (see begin()), which 6 bytes
    // cannot stall.
    const askReady = () => channel.send('#READY');
    if (channel.readyState === 'open') {
      askReady();
    } else {
      channel.addEventListener('open', askReady, {once: true});
    }
  });
  view.phase(
      'waiting',
      'Waiting for the server\'s data channel "datachannel-buffer-limits" ' +
          'to open and the server to answer "#READY"…');
  refresh();

  return () => {
    clearTimeout(watchdog);
    const sent = run.serverGotAll ? total : run.queued - (channel ? channel.bufferedAmount : 0);
    finish(
        'stopped',
        `Stopped before the transfer finished: ${inMiB(sent)} of ` +
            `${inMiB(total)} sent, ${inMiB(run.received)} back.`);
  };
}
