package collections

empty_obj := {}

empty_set := set()

empty_arr := []

one_set := {1}

mixed_keys := {1: "one", "two": 2, [3]: {4}, null: false}

trailing := [1, 2,]

nested := {"a": {"b": [{"c": set()}]}}

sets_of_sets := {{1}, {2}}
