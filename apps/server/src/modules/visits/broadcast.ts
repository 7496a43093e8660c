/**
 * A broadcast (a lecture, a case conference with many observers) goes through the SFU from its
 * start, and its observers only receive: they publish no camera or microphone (the server refuses
 * it), they can write in the chat, and, sending nothing, they are not asked to consent to a recording.
 */
export function isReceiveOnly(visit: { broadcast: boolean }, role: string): boolean {
  return visit.broadcast && role === 'observer';
}
