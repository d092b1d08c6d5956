# Accepted in Python 3.
print("Hello World!")
