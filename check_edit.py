import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]}
w = a[sys.argv[2]]
assert w["state"] == "done" and w["author"] == "王某" and w["editor"] == "张三", w
