exit(43)
