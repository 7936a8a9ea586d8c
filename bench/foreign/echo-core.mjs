// The datachannel-buffer-limits echo client that bench/foreign runs in every
// foreign stack: in Node on @roamhq/wrtc (echo.mjs) and inside headless
// Chromium and Firefox pages (browser-echo.mjs, which hands echoRuns to the
// page as source: so it is one self-contained function, using only what
// both Node and a page have: globalThis.RTCPeerConnection, fetch,
// performance, setTimeout).
//
// Per run: POST the server's offer, answer it, wait for the channel's open
// and o.settleMs, send "#START <chunkKiB>", o.mib MiB in o.chunkKiB KiB
// binary chunks with at most o.highKiB KiB queued (refilled once down to
// o.lowKiB: on 'bufferedamountlow', and by looking every o.pollMs, since
// @roamhq/wrtc 0.10.0 never fires the event), "#STOP", and count the echo,
// text or binary (the original server echoes text, ours binary). Upload is
// timed by the server (its "#START <uploadMs>"), download here (its "#START"
// to its "#STOP"), as webrtc-bench throughput does. A fresh connection every
// run: the original never resets its byte count on "#START".
//
// echoRuns(o) resolves with one entry per run: {ok: true, bytes, uploadMs,
// downloadMs, ...} or {ok: false, error, bytes, uploadMs}; o as echo.mjs
// parses it (url, mib, chunkKiB, runs, highKiB, lowKiB, settleMs, pollMs,
// stallMs, waitGathering, onlyAddress).
export async function echoRuns(o) {
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
    const pc = new globalThis.RTCPeerConnection({sdpSemantics: 'unified-plan'});
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
          size = data.length;  // both servers echo '.': one byte a character
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

  const base = `${o.url}/datachannel-buffer-limits`;
  const results = [];
  for (let i = 1; i <= o.runs; ++i) {
    try {
      results.push({ok: true, ...await runOnce(o, base)});
    } catch (error) {
      const partial = error.partial || {};
      results.push({
        ok: false,
        error: error.message,
        bytes: partial.bytes ?? Math.round(o.mib * 1024 * 1024),
        uploadMs: partial.uploadMs ?? NaN,
      });
    }
  }
  return results;
}
