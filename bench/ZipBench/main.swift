print("zip-bench: not written yet")
