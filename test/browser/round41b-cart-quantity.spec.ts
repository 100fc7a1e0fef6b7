// Lead 3 of round 41b: the cart as shop themes publish it. An add-to-cart button marked data-clientele-add sits in the
// theme's product form beside the quantity the shopper picked: WooCommerce's <input name="quantity"> in form.cart,
// Shopify Dawn's <input name="quantity" form="product-form-..."> outside the form it belongs to, Magento's name="qty".
// Seen on main (src/autocapture/index.ts): autocapture read the quantity only from a data-quantity attribute on the
// button, which a theme does not keep in step with the field: a shopper who added 3 was recorded adding 1.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const FORMS = [
  ['woocommerce', `<form class="cart"><div class="quantity"><input type="number" name="quantity" value="1"></div><button type="submit" name="add-to-cart" value="M1" data-clientele-add data-product-id="M1">Add to cart</button></form>`],
  ['dawn', `<form id="product-form-1" action="/cart/add"><input type="hidden" name="id" value="4001"><button type="submit" name="add" data-clientele-add data-product-id="M1">Add to cart</button></form><quantity-input><input type="number" name="quantity" form="product-form-1" value="1"></quantity-input>`],
  ['magento', `<form id="product_addtocart_form"><input type="number" name="qty" value="1"><button type="submit" data-clientele-add data-product-id="M1">Add to Cart</button></form>`],
];

test('an add-to-cart button in a product form records the quantity the shopper typed', async ({ page }) => {
  test.setTimeout(30_000);
  await page.route('**/r41b-cart', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mug</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body><h1>Mug</h1>
${FORMS.map(([name, form]) => `<section id="${name}">${form}</section>`).join('')}
<script>document.addEventListener('submit', (e) => e.preventDefault());</script></body></html>` }));
  await page.goto('/r41b-cart');
  await ready(page);
  for (const [i, [name]] of FORMS.entries()) {
    await page.locator(`#${name} input[type=number]`).fill(String(i + 2));
    await page.locator(`#${name} button`).click();
  }
  // A button with no field beside it, and a data-quantity the owner wrote, as before.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<button id="bare" data-clientele-add="M2">Add</button><form><input name="quantity" value="9"><button id="attr" type="button" data-clientele-add="M3" data-quantity="5">Add</button></form>'));
  await page.locator('#bare').click();
  await page.locator('#attr').click();
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').length, { timeout: 10_000 }).toBe(5);
  const added = eventsNamed((await exported(page)).events, 'Product Added').sort((a, b) => a.timestamp - b.timestamp).map((e) => [e.properties.product_id, e.properties.quantity]);
  expect(added).toEqual([['M1', 2], ['M1', 3], ['M1', 4], ['M2', 1], ['M3', 5]]);
});
