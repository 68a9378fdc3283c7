import json, sys
a = {t["id"]: t for t in json.load(open(sys.argv[1], encoding="utf-8"))["annotations"]}
r = a[sys.argv[2]]["replies"]
assert [(x["author"], x["text"]) for x in r] == [("张三", "数字从哪里来？"), ("王某", "见统计公报第三页")], r
assert all(x["at"].endswith("Z") and len(x["id"]) == 36 for x in r), r
assert all(t["replies"] == [] for k, t in a.items() if k != sys.argv[2])
