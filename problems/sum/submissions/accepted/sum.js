// Accepted in JavaScript: BigInt, since doubles lose digits above 2^53.
const [n, ...nums] = require("fs").readFileSync(0, "utf8").trim().split(/\s+/);
let sum = 0n;
for (let i = 0; i < Number(n); i++) sum += BigInt(nums[i]);
console.log(sum.toString());
