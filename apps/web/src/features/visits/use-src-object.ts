import { useEffect, type RefObject } from 'react';

/**
 * Shows a stream in a <video> and lets go of it when the stream changes or the element goes.
 *
 * Letting go matters for the camera: an element taken out of the page still holds the stream's last
 * frames until it is garbage-collected, and the browser captures into a small pool of buffers shared by
 * everyone who has that camera open. The check before the call is such an element: left holding its
 * frames, it starved the camera for the call it handed over to, so nobody sent video for up to two
 * seconds after pressing "Join" (bench/visit-join.ts showed the self view and the sender both frozen).
 */
export function useSrcObject(ref: RefObject<HTMLVideoElement | null>, stream: MediaStream | null | undefined): void {
  useEffect(() => {
    const el = ref.current;
    if (!el || !stream) return;
    el.srcObject = stream;
    return () => {
      if (el.srcObject === stream) el.srcObject = null;
    };
  }, [ref, stream]);
}
