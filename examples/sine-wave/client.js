// sine-wave, browser half: play the server's tone, draw its waveform, show
// the pitch this page detects in it, and ask for another frequency on the
// server's "frequency" data channel.
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {audioTrackOf, detectPitch, drawWave, everyFrame, listenTo} from '../web/audio.js';

function makeView(area) {
  area.innerHTML = `
    <div class="stats">
      <div class="stat"><span class="label">Pitch this page hears</span>
        <span class="value" id="detected">–</span>
        <span class="sub">zero crossings of the received audio</span></div>
      <div class="stat"><span class="label">Asked of the server</span>
        <span class="value" id="asked">440 Hz</span>
        <span class="sub">it starts at 440 Hz</span></div>
    </div>
    <form class="inline-form" id="retune">
      <label>New frequency (Hz)
        <input id="frequency" type="number" min="20" max="20000" step="1" value="880" required>
      </label>
      <button type="submit" id="send-frequency" disabled>Send to the server</button>
    </form>
    <canvas class="wave" id="wave" width="720" height="160"
            aria-label="waveform of the received audio"></canvas>
    <audio id="audio" controls></audio>`;
  return (id) => area.querySelector(`#${id}`);
}

export function beforeAnswer(pc, page) {
  const find = makeView(page.area);
  // The offer is applied before beforeAnswer runs: the audio transceiver
  // and its track exist already (their 'track' event is past).
  page.log('playing the server\'s audio track and listening for its pitch');
  const listening = listenTo(audioTrackOf(pc), find('audio'));
  const stopDrawing = everyFrame(() => {
    const [samples] = listening.read();
    drawWave(find('wave'), samples, listening.sampleRate);
    const pitch = detectPitch(samples, listening.sampleRate);
    // A context that is not running hears zeros: that is not the server's silence.
    find('detected').textContent = !listening.running ? 'not listening' :
        pitch === null                                ? 'silence' :
                                                        `${pitch.toFixed(1)} Hz`;
  });

  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'frequency') return;
    channel.addEventListener('open', () => {
      find('send-frequency').disabled = false;
      page.log('data channel "frequency" open: a number sent there retunes the tone');
    });
    channel.addEventListener('close', () => (find('send-frequency').disabled = true));
    find('retune').addEventListener('submit', (event) => {
      event.preventDefault();
      const input = find('frequency');
      if (!input.reportValidity() || channel.readyState !== 'open') return;
      channel.send(input.value);
      find('asked').textContent = `${input.value} Hz`;
      page.log(`sent ${input.value} on "frequency"`);
    });
  });

  return () => {
    stopDrawing();
    listening.close();
  };
}
