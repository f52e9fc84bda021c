package k8shttpsonly

ingress(annotations, spec) = {"review": {"object": {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "shop", "annotations": annotations},
	"spec": spec,
}}}

no_http := {"kubernetes.io/ingress.allow-http": "false"}
tls := {"tls": [{"hosts": ["shop.example.com"], "secretName": "shop-tls"}]}

test_https_only_ingress_allowed {
	count(violation) == 0 with input as ingress(no_http, tls)
}

test_missing_tls_denied {
	violation == {{"msg": "Ingress should be https. tls configuration and allow-http=false annotation are required for shop"}} with input as ingress(no_http, {})
}

test_empty_tls_list_denied {
	count(violation) == 1 with input as ingress(no_http, {"tls": []})
}

test_http_left_on_denied {
	count(violation) == 1 with input as ingress({"kubernetes.io/ingress.allow-http": "true"}, tls)
	count(violation) == 1 with input as ingress({}, tls)
}

test_annotation_must_be_the_string_false {
	count(violation) == 1 with input as ingress({"kubernetes.io/ingress.allow-http": false}, tls)
}

test_tls_optional_parameter {
	inp := object.union(ingress(no_http, {}), {"parameters": {"tlsOptional": true}})
	count(violation) == 0 with input as inp
}

test_tls_optional_still_needs_annotation {
	base := ingress({}, {})
	inp := {"review": base.review, "parameters": {"tlsOptional": true}}
	violation == {{"msg": "Ingress should be https. The allow-http=false annotation is required for shop"}} with input as inp
}

test_legacy_extensions_api_checked {
	inp := {"review": {"object": {"apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": {"name": "old"}, "spec": {}}}}
	count(violation) == 1 with input as inp
}

test_other_kinds_ignored {
	inp := {"review": {"object": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "svc"}, "spec": {}}}}
	count(violation) == 0 with input as inp
}
