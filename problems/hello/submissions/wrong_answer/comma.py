# Wrong answer: "Hello," is a different token from "Hello" (case alone
# would not matter - the default validator is case-insensitive).
print("Hello, World!")
