// What the audio pages share: hearing a MediaStreamTrack through WebAudio,
// finding a pitch by zero crossings (as src/common/PitchDetector does), and
// drawing a waveform.

// Below this peak (of full scale 1.0) a window is silence: no pitch.
const kSilencePeak = 0.01;

// The pitch of `samples` (Float32Array, -1..1) in Hz, or null for silence.
// Rising zero crossings are timed to a fraction of a sample; one counts only
// after the signal went below a tenth of the peak, so noise near zero does
// not add crossings.
export function detectPitch(samples, sampleRate) {
  let peak = 0;
  for (const x of samples) peak = Math.max(peak, Math.abs(x));
  if (peak < kSilencePeak) return null;
  const arm = -0.1 * peak;
  let armed = false;
  let count = 0;
  let first = 0;
  let last = 0;
  for (let i = 1; i < samples.length; i++) {
    const before = samples[i - 1];
    const now = samples[i];
    if (now < arm) armed = true;
    if (armed && before < 0 && now >= 0) {
      const at = i - 1 + before / (before - now);
      if (count === 0) first = at;
      last = at;
      count++;
      armed = false;
    }
  }
  return count >= 2 && last > first ? ((count - 1) * sampleRate) / (last - first) : null;
}

// Root mean square of `samples`, 0..1.
export function rms(samples) {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return Math.sqrt(sum / samples.length);
}

// Draws about `periodMs` of `samples` on `canvas`, starting at a rising zero
// crossing so a steady tone stands still instead of scrolling.
export function drawWave(canvas, samples, sampleRate, {color = '#1f6feb', periodMs = 10} = {}) {
  const g = canvas.getContext('2d');
  const {width, height} = canvas;
  g.clearRect(0, 0, width, height);
  g.strokeStyle = '#d9dee4';
  g.beginPath();
  g.moveTo(0, height / 2);
  g.lineTo(width, height / 2);
  g.stroke();
  const shown = Math.min(samples.length, Math.round((sampleRate * periodMs) / 1000));
  let start = 0;
  for (let i = 1; i < samples.length - shown; i++) {
    if (samples[i - 1] < 0 && samples[i] >= 0) {
      start = i;
      break;
    }
  }
  g.strokeStyle = color;
  g.lineWidth = 2;
  g.beginPath();
  for (let i = 0; i < shown; i++) {
    const x = (i / (shown - 1)) * width;
    const y = height / 2 - samples[start + i] * (height / 2 - 4);
    if (i === 0)
      g.moveTo(x, y);
    else
      g.lineTo(x, y);
  }
  g.stroke();
}

// Shows `context`'s state at the top of `container` (#audio-state, its
// data-state the context's state) and, while the context is not running, a
// button (#resume-audio) that resumes it and plays `media` (an element the
// autoplay policy may have held too). A context stays 'suspended' when the
// browser refuses to start audio without a click, or has no audio output:
// until it runs, the page hears nothing and sends silence, and this says so.
// Returns a function that removes the line.
export function showContextState(context, container, {media = null} = {}) {
  const line = document.createElement('p');
  line.id = 'audio-state';
  const text = document.createElement('span');
  const button = document.createElement('button');
  button.type = 'button';
  button.id = 'resume-audio';
  button.textContent = 'Start audio';
  line.append(text, ' ', button);
  const update = () => {
    const running = context.state === 'running';
    line.dataset.state = context.state;
    line.className = running ? 'phase' : 'phase phase-stopped';
    text.textContent = running ?
        'Audio is running.' :
        `Audio is ${context.state}: until it runs this page hears and sends only silence ` +
            '(the browser may want a click first, or have no audio output).';
    button.hidden = running || context.state === 'closed';
  };
  const resume = async () => {
    media?.play().catch(() => {});
    try {
      await context.resume();
    } catch (error) {
      text.textContent = `Audio could not start: ${error.message}`;
    }
  };
  context.addEventListener('statechange', update);
  button.addEventListener('click', resume);
  update();
  container.prepend(line);
  return () => {
    context.removeEventListener('statechange', update);
    line.remove();
  };
}

// Plays a remote audio track in `audio` (an <audio> element the person can
// see and mute) and gives WebAudio analysers of it: one per channel when
// `channels` is 2. Chrome feeds a remote track into WebAudio only while a
// media element plays it, hence the element. The AudioContext's state is
// shown above the page (showContextState), with a button while it is not
// running; `running` says whether it is.
export function listenTo(track, audio, {channels = 1, fftSize = 8192} = {}) {
  const stream = new MediaStream([track]);
  audio.srcObject = stream;
  audio.play().catch(() => {});  // autoplay may wait for a click; the controls allow one
  const context = new AudioContext({sampleRate: 48000});
  const hideState = showContextState(context, audio.parentElement, {media: audio});
  const source = context.createMediaStreamSource(stream);
  const analysers = [];
  const splitter = context.createChannelSplitter(channels);
  source.connect(splitter);
  for (let c = 0; c < channels; c++) {
    const analyser = context.createAnalyser();
    analyser.fftSize = fftSize;
    splitter.connect(analyser, c);
    analysers.push(analyser);
  }
  const buffers = analysers.map((a) => new Float32Array(a.fftSize));
  return {
    sampleRate: context.sampleRate,
    get running() {
      return context.state === 'running';
    },
    // The newest fftSize samples of each channel.
    read() {
      analysers.forEach((a, c) => a.getFloatTimeDomainData(buffers[c]));
      return buffers;
    },
    close() {
      hideState();
      audio.srcObject = null;
      context.close();
    },
  };
}

// The track the remote offer's first audio transceiver receives. In
// beforeAnswer the offer is applied already, so its 'track' event is past.
export function audioTrackOf(pc) {
  const transceiver = pc.getTransceivers().find((t) => t.receiver.track.kind === 'audio');
  if (!transceiver) throw new Error('the offer has no audio');
  return transceiver.receiver.track;
}

// Calls `draw` once per animation frame until the returned stop() is called.
export function everyFrame(draw) {
  let id = requestAnimationFrame(function frame() {
    draw();
    id = requestAnimationFrame(frame);
  });
  return () => cancelAnimationFrame(id);
}
