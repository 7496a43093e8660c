import type { Page } from 'playwright-core';

/** Waits until the page's remote video has decoded frames, i.e. the other side's camera is really seen here. */
export async function seesRemoteVideo(page: Page): Promise<number> {
  const video = page.getByTestId('remote-video').first();
  await video.waitFor();
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]');
    return Boolean(v && v.videoWidth > 0 && v.getVideoPlaybackQuality().totalVideoFrames > 10);
  }, undefined, { timeout: 20_000 });
  return page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="remote-video"]')!.getVideoPlaybackQuality().totalVideoFrames);
}
