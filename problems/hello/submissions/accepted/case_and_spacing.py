# Accepted: the default validator ignores letter case and compares tokens,
# so different capitals and line breaks between the words still pass.
print("hello")
print("   WORLD!")
