package k8suniqueingresshost

inventory := {"namespace": {
	"shop": {"networking.k8s.io/v1": {"Ingress": {"storefront": {
		"metadata": {"name": "storefront", "namespace": "shop"},
		"spec": {"rules": [{"host": "shop.example.com"}, {"host": "www.example.com"}]},
	}}}},
	"blog": {
		"networking.k8s.io/v1": {"Ingress": {"blog": {
			"metadata": {"name": "blog", "namespace": "blog"},
			"spec": {"rules": [{"host": "blog.example.com"}]},
		}}},
		"v1": {"Ingress": {"bogus": {
			"metadata": {"name": "bogus", "namespace": "blog"},
			"spec": {"rules": [{"host": "legacy.example.com"}]},
		}}},
	},
}}

review(ns, name, hosts) = {"review": {
	"kind": {"kind": "Ingress", "group": "networking.k8s.io"},
	"object": {"metadata": {"name": name, "namespace": ns}, "spec": {"rules": [{"host": h} | h := hosts[_]]}},
}}

test_new_host_allowed {
	count(violation) == 0 with input as review("docs", "docs", ["docs.example.com"]) with data.inventory as inventory
}

test_taken_host_denied {
	v := violation with input as review("docs", "docs", ["docs.example.com", "www.example.com"]) with data.inventory as inventory
	v == {{"msg": "ingress host conflicts with an existing ingress <www.example.com>"}}
}

test_updating_the_same_ingress_allowed {
	count(violation) == 0 with input as review("shop", "storefront", ["shop.example.com"]) with data.inventory as inventory
}

test_same_name_other_namespace_conflicts {
	count(violation) == 1 with input as review("staging", "storefront", ["shop.example.com"]) with data.inventory as inventory
}

test_only_ingress_api_groups_count {
	count(violation) == 0 with input as review("docs", "docs", ["legacy.example.com"]) with data.inventory as inventory
}

test_empty_inventory {
	count(violation) == 0 with input as review("docs", "docs", ["shop.example.com"]) with data.inventory as {}
}

test_other_kinds_ignored {
	inp := {"review": {"kind": {"kind": "Service", "group": ""}, "object": {"spec": {"rules": [{"host": "shop.example.com"}]}}}}
	count(violation) == 0 with input as inp with data.inventory as inventory
}
