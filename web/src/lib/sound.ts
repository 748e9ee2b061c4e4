// The alert sound: a short two-tone beep made with the Web Audio API (no audio files). Browsers
// may block audio until the page has been interacted with; then the beep is silently skipped.
let context: AudioContext | null = null;

function audioContext(): AudioContext | null {
  if (context) return context;
  try {
    const Ctor =
      (globalThis as { AudioContext?: typeof AudioContext }).AudioContext ??
      (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctor) return null;
    context = new Ctor();
    return context;
  } catch {
    return null;
  }
}

// Call from a user gesture (a click or key press) so that later beeps are allowed.
export function unlockAudio(): void {
  try {
    const ctx = audioContext();
    if (ctx && ctx.state === 'suspended') void ctx.resume().catch(() => {});
  } catch {
    // audio is optional
  }
}

export function playAlertBeep(): void {
  try {
    const ctx = audioContext();
    if (!ctx) return;
    if (ctx.state === 'suspended') void ctx.resume().catch(() => {});
    const start = ctx.currentTime + 0.01;
    const gain = ctx.createGain();
    gain.connect(ctx.destination);
    gain.gain.setValueAtTime(0.0001, start);
    const tones: Array<[frequency: number, at: number]> = [
      [880, 0],
      [660, 0.18],
    ];
    for (const [frequency, at] of tones) {
      const osc = ctx.createOscillator();
      osc.type = 'sine';
      osc.frequency.setValueAtTime(frequency, start + at);
      gain.gain.exponentialRampToValueAtTime(0.25, start + at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + at + 0.15);
      osc.connect(gain);
      osc.start(start + at);
      osc.stop(start + at + 0.16);
    }
  } catch {
    // A blocked or missing audio device must never break the console.
  }
}
