// Colours of remote carets: y-prosemirror wants `#rrggbb` (it appends an alpha for selections); members get `hsl(…)` colours.

const COLOR = /^#[0-9a-fA-F]{6}$/;
const HSL = /^hsla?\(\s*(-?[\d.]+)(?:deg)?[\s,]+([\d.]+)%[\s,]+([\d.]+)%\s*(?:[,/][^)]*)?\)$/i;

/** `#rrggbb` (what y-prosemirror's carets expect), from `#rrggbb` or `hsl(h s% l%)`; else the accent colour. */
export function caretColor(c: unknown): string {
  if (typeof c !== "string") return "#b0502a";
  if (COLOR.test(c)) return c.toLowerCase();
  const m = HSL.exec(c.trim());
  if (!m) return "#b0502a";
  const h = (((Number(m[1]) % 360) + 360) % 360) / 360;
  const sat = Math.min(1, Number(m[2]) / 100);
  const l = Math.min(1, Number(m[3]) / 100);
  const q = l < 0.5 ? l * (1 + sat) : l + sat - l * sat;
  const p = 2 * l - q;
  const channel = (t: number) => {
    const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
    const v = u < 1 / 6 ? p + (q - p) * 6 * u : u < 1 / 2 ? q : u < 2 / 3 ? p + (q - p) * (2 / 3 - u) * 6 : p;
    return Math.round(v * 255).toString(16).padStart(2, "0");
  };
  return `#${channel(h + 1 / 3)}${channel(h)}${channel(h - 1 / 3)}`;
}
