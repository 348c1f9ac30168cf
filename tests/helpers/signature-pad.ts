import type { Page } from 'playwright-core';

/** The signature box of the applicant's screen. */
function box(page: Page) {
  return page.getByTestId('signature-box');
}

/** Writes a two-stroke "name" into the signature box with the mouse, as a finger would. */
export async function drawSignature(page: Page): Promise<void> {
  const area = await box(page).boundingBox();
  if (!area) throw new Error('no signature box');
  const at = (x: number, y: number): [number, number] => [
    area.x + area.width * x,
    area.y + area.height * y,
  ];
  await page.mouse.move(...at(0.1, 0.5));
  await page.mouse.down();
  for (let step = 1; step <= 40; step += 1) {
    const x = 0.1 + (0.45 * step) / 40;
    await page.mouse.move(...at(x, 0.5 + 0.25 * Math.sin(step / 4)));
  }
  await page.mouse.up();
  await page.mouse.move(...at(0.6, 0.3));
  await page.mouse.down();
  for (let step = 1; step <= 20; step += 1) {
    await page.mouse.move(...at(0.6 + (0.25 * step) / 20, 0.3 + (0.4 * step) / 20));
  }
  await page.mouse.up();
}

/** A single tap in the box: a dot, not a signature. */
export async function tapSignatureBox(page: Page): Promise<void> {
  const area = await box(page).boundingBox();
  if (!area) throw new Error('no signature box');
  await page.mouse.click(area.x + area.width / 2, area.y + area.height / 2);
}
