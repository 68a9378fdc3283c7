import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
t = {x["id"]: x for x in d["annotations"]}[sys.argv[2]]
assert t["status"] == "disputed", t["status"]
assert t["disputes"] == [{"field": "note", "mine": "甲的意见", "mine_author": "甲",
                          "theirs": "乙的意见", "theirs_author": "乙"}], t["disputes"]
assert [g["id"] for g in d["deleted"]] == [sys.argv[3]], d["deleted"]
