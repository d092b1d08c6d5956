// Accepted: six decimals round by at most 5e-7, inside the 1e-6 tolerance.
const [n, ...c] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/).map(Number);
let total = 0;
for (let i = 1; i < n; i++)
  total += Math.hypot(c[2 * i] - c[2 * i - 2], c[2 * i + 1] - c[2 * i - 1]);
console.log(total.toFixed(6));
