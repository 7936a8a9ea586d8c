// sine-wave-stereo, browser half: answer with stereo Opus, play the tone,
// draw the left and right channels, and move the tone between them with a
// panning slider sent on the server's "panning" data channel.
// Loaded by web/shell.js; see there for beforeAnswer's contract.
import {audioTrackOf, drawWave, everyFrame, listenTo, rms} from '../web/audio.js';

// The shell munges the answer to ask for stereo=1; without it the server's
// encoder would mix both channels into one.
export const stereo = true;

function makeView(area) {
  const side = (id, name) => `
    <div class="channel">
      <div class="stat"><span class="label">${name}</span>
        <span class="value" id="${id}-level">–</span>
        <span class="sub">level (RMS of full scale)</span></div>
      <canvas class="wave" id="${id}-wave" width="340" height="140"
              aria-label="waveform of the ${name.toLowerCase()} channel"></canvas>
    </div>`;
  area.innerHTML = `
    <form class="inline-form" id="pan">
      <label>Panning: left 0 … 100 right
        <input id="panning" type="range" min="0" max="100" step="1" value="50" disabled>
      </label>
      <output id="panning-value">50</output>
    </form>
    <div class="channels">${side('left', 'Left')}${side('right', 'Right')}</div>
    <audio id="audio" controls></audio>`;
  return (id) => area.querySelector(`#${id}`);
}

export function beforeAnswer(pc, page) {
  const find = makeView(page.area);
  // The offer is applied before beforeAnswer runs: the audio transceiver
  // and its track exist already (their 'track' event is past).
  page.log('playing the server\'s audio track and drawing its left and right channels');
  const listening = listenTo(audioTrackOf(pc), find('audio'), {channels: 2});
  const stopDrawing = everyFrame(() => {
    const [left, right] = listening.read();
    drawWave(find('left-wave'), left, listening.sampleRate);
    drawWave(find('right-wave'), right, listening.sampleRate, {color: '#cf222e'});
    // A context that is not running hears zeros: that is not the server's level.
    find('left-level').textContent = listening.running ? rms(left).toFixed(3) : '–';
    find('right-level').textContent = listening.running ? rms(right).toFixed(3) : '–';
  });

  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'panning') return;
    const slider = find('panning');
    channel.addEventListener('open', () => {
      slider.disabled = false;
      page.log('data channel "panning" open: 0 is all left, 100 all right');
    });
    channel.addEventListener('close', () => (slider.disabled = true));
    slider.addEventListener('input', () => {
      find('panning-value').textContent = slider.value;
      if (channel.readyState === 'open') channel.send(slider.value);
    });
  });

  return () => {
    stopDrawing();
    listening.close();
  };
}
