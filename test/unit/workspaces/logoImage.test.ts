import * as assert from 'node:assert/strict';
import { logoDataUri, MAX_LOGO_BYTES } from '../../../src/workspaces/logoImage';

/**
 * #17.10: an organization logo reaches the tree as a data: URI of the fetched bytes, and only when those
 * bytes are an image the workbench draws safely. The type comes from the bytes, never from the header.
 */
describe('Organization logo bytes as data: URIs (unit)', () => {
  const bytes = (...parts: (number[] | string)[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
  const png = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'rest-of-png');
  const svg = (body: string): Uint8Array => bytes(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">${body}</svg>`);

  it('names raster images by their signature and keeps the bytes exactly (base64)', () => {
    assert.equal(logoDataUri(png), `data:image/png;base64,${Buffer.from(png).toString('base64')}`);
    assert.match(logoDataUri(bytes([0xff, 0xd8, 0xff, 0xe0], 'jfif')) ?? '', /^data:image\/jpeg;base64,/);
    assert.match(logoDataUri(bytes('GIF89a....')) ?? '', /^data:image\/gif;base64,/);
    assert.match(logoDataUri(bytes('RIFF', [1, 2, 3, 4], 'WEBPVP8 ')) ?? '', /^data:image\/webp;base64,/);
    const decoded = Buffer.from((logoDataUri(png) ?? '').split(',')[1] ?? '', 'base64');
    assert.deepEqual([...decoded], [...png]);
  });

  it('refuses what is not an image: an HTML page, JSON, nothing, and anything over 64 KiB', () => {
    assert.equal(logoDataUri(bytes('<!DOCTYPE html><html><body>Sign in</body></html>')), undefined);
    assert.equal(logoDataUri(bytes('{"message":"Not found"}')), undefined);
    assert.equal(logoDataUri(new Uint8Array(0)), undefined);
    assert.equal(MAX_LOGO_BYTES, 65536);
    const big = new Uint8Array(65537);
    big.set(png);
    assert.equal(logoDataUri(big), undefined, 'one byte over the bound');
    assert.ok(logoDataUri(big.subarray(0, 65536)), 'exactly at the bound');
  });

  it('accepts a plain SVG, with an XML declaration, comments, a DOCTYPE and references inside the file', () => {
    assert.match(logoDataUri(svg('<rect width="8" height="8" fill="#123"/>')) ?? '', /^data:image\/svg\+xml;base64,/);
    const decorated = `\uFEFF<?xml version="1.0"?>\n<!-- logo -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><linearGradient id="g"/></defs><rect fill="url(#g)"/><use xlink:href="#g"/><use href='#g'/></svg>\n`;
    assert.ok(logoDataUri(Buffer.from(decorated, 'utf8')));
  });

  it('refuses an SVG that could run, expand or reach outside the file', () => {
    const refused: [string, Uint8Array][] = [
      ['script', svg('<script>alert(1)</script>')],
      ['event handler', svg('<rect onload="alert(1)"/>')],
      ['handler after a newline', svg('<rect\nonclick = "x()"/>')],
      ['foreignObject', svg('<foreignObject><div>x</div></foreignObject>')],
      ['external image', svg('<image href="https://tracker.example/p.png"/>')],
      ['external xlink:href', svg('<use xlink:href="http://example.org/a.svg#x"/>')],
      ['href with a space before the URL', svg('<a href=" https://example.org"><rect/></a>')],
      ['unquoted href', svg('<image href=https://example.org/p.png />')],
      ['javascript: URL', svg('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>')],
      ['CSS url() outside', svg('<rect style="fill:url(https://example.org/f.svg#p)"/>')],
      ['CSS url() with spaces and quotes', svg(`<rect style="fill:url( 'https://example.org/f.svg#p')"/>`)],
      ['@import', svg('<style>@import "https://example.org/a.css";</style>')],
      ['an entity', bytes('<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>')],
      ['text before the root', bytes('hello <svg xmlns="http://www.w3.org/2000/svg"></svg>')],
      ['not closed', bytes('<svg xmlns="http://www.w3.org/2000/svg"><rect/>')],
    ];
    for (const [what, input] of refused) assert.equal(logoDataUri(input), undefined, what);
  });
});
