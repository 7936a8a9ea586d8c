// What the video pages share: the local and remote pictures side by side,
// sending this browser's camera, and playing what the server sends.

// Two captioned <video>s, #local (muted) and #remote, in `area`; returns a
// finder for ids inside it.
export function sideBySide(area, {sent, received}) {
  area.innerHTML = `
    <div class="videos">
      <figure><video id="local" autoplay muted playsinline></video>
        <figcaption>${sent}</figcaption></figure>
      <figure><video id="remote" autoplay playsinline></video>
        <figcaption>${received} <span id="remote-info" class="hint"></span></figcaption></figure>
    </div>`;
  return (id) => area.querySelector(`#${id}`);
}

// Sends the camera (and microphone, if asked) on the offer's transceivers:
// they are receive-only on our side until a track is added, and addTrack
// reuses the one of the track's kind. Shows the camera in `preview`.
export async function sendCamera(pc, preview, {audio = false} = {}) {
  const local = await navigator.mediaDevices.getUserMedia({audio, video: true});
  preview.srcObject = local;
  for (const track of local.getTracks()) pc.addTrack(track, local);
  return local;
}

// Plays everything the offer's receivers get in `video` (in beforeAnswer
// the offer is applied, so their tracks exist and 'track' events are past),
// and writes the picture's size into `info`. Returns a cleanup function.
export function playRemote(pc, video, info) {
  video.srcObject = new MediaStream(pc.getReceivers().map((receiver) => receiver.track));
  const timer = setInterval(() => {
    if (video.videoWidth) info.textContent = `${video.videoWidth}×${video.videoHeight}`;
  }, 500);
  return () => clearInterval(timer);
}
