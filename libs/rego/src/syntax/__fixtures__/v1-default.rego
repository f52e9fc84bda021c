package defaults

default allow := false

default limits := {"cpu": 1, "mem": [1, 2], "set": {1, 2}}

default roles := []

default f(_) := 0

default g(x, y) := null

default h := {x | some x in [1, 2]}

default neg := -1.5
