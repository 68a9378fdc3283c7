import json, sys
rows = {r["id"]: r for r in json.load(open(sys.argv[1], encoding="utf-8"))["rows"]}
r = rows[sys.argv[2]]["replies"]
assert [(x["author"], x["text"]) for x in r] == [("张三", "数字从哪里来？"), ("王某", "见统计公报第三页")], r
