import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]
assert len(a) == 1, len(a)
assert a[0]["author"] == "李四" and a[0]["editor"] == "李四", a[0]
