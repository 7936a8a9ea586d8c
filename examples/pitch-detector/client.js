// pitch-detector, browser half: make a sine with WebAudio, send it as this
// page's audio track, and show the pitch the server reports back on its
// "frequency" data channel. The frequency can change while connected.
// Loaded by web/shell.js; see there for beforeAnswer's contract.

import {showContextState} from '../web/audio.js';

const kSilenceMs = 1000;

function makeView(area) {
  area.innerHTML = `
    <div class="stats">
      <div class="stat"><span class="label">This page sends</span>
        <span class="value" id="sent">–</span>
        <span class="sub">a sine made with WebAudio</span></div>
      <div class="stat"><span class="label">The server hears</span>
        <span class="value" id="heard">–</span>
        <span class="sub" id="heard-sub">waiting for its first report</span></div>
    </div>
    <form class="inline-form" id="tune">
      <label>Frequency (Hz)
        <input id="frequency" type="number" min="20" max="20000" step="1" value="440" required>
      </label>
      <button type="submit">Change</button>
    </form>`;
  return (id) => area.querySelector(`#${id}`);
}

export function beforeAnswer(pc, page) {
  const find = makeView(page.area);
  const context = new AudioContext({sampleRate: 48000});
  // Suspended (autoplay refused, no audio output), the page sends silence:
  // it says so, with a button to start it.
  showContextState(context, page.area);
  context.resume().catch(() => {});
  const oscillator = new OscillatorNode(context, {type: 'sine', frequency: 440});
  const gain = new GainNode(context, {gain: 0.5});
  const destination = context.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  // The offer's audio transceiver is receive-only on our side until a track
  // is added: addTrack reuses it and makes it send-receive.
  pc.addTrack(destination.stream.getAudioTracks()[0], destination.stream);
  find('sent').textContent = '440 Hz';
  page.log('sending a 440 Hz sine');

  find('tune').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = find('frequency');
    if (!input.reportValidity()) return;
    oscillator.frequency.setValueAtTime(Number(input.value), context.currentTime);
    find('sent').textContent = `${input.value} Hz`;
    page.log(`now sending ${input.value} Hz`);
  });

  // The server sends the pitch as a bare number of whole Hz (as the
  // original's server does) five times a second while it hears one, and
  // nothing while it hears silence: no report for a second means silence.
  let reports = 0;
  let silence = null;
  const heardNothing = () => {
    find('heard').textContent = 'silence';
    find('heard-sub').textContent = `no report for ${kSilenceMs / 1000} s`;
  };
  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'frequency') return;
    channel.addEventListener('message', ({data}) => {
      const frequency = typeof data === 'string' ? Number(data) : NaN;
      if (data === '' || !Number.isFinite(frequency)) {
        page.log(`not a number from the server: ${String(data).slice(0, 40)}`, 'error');
        return;
      }
      reports++;
      find('heard').textContent = `${frequency} Hz`;
      find('heard-sub').textContent = `report ${reports}`;
      clearTimeout(silence);
      silence = setTimeout(heardNothing, kSilenceMs);
    });
  });

  return () => {
    clearTimeout(silence);
    oscillator.stop();
    context.close();
  };
}
