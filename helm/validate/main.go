// Command validate decodes rendered manifests (stdin) strictly into the Kubernetes API
// types, so an unknown, misplaced or mistyped field fails offline. It stands in for
// kubeconform, which has to download its JSON schemas from GitHub. With -dump FILE it also
// writes the objects as one JSON array, for helm/check_rendered.py.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

func newObject(apiVersion, kind string) any {
	switch apiVersion + " " + kind {
	case "apps/v1 Deployment":
		return &appsv1.Deployment{}
	case "v1 Service":
		return &corev1.Service{}
	case "v1 ConfigMap":
		return &corev1.ConfigMap{}
	case "v1 Secret":
		return &corev1.Secret{}
	case "v1 ServiceAccount":
		return &corev1.ServiceAccount{}
	case "autoscaling/v2 HorizontalPodAutoscaler":
		return &autoscalingv2.HorizontalPodAutoscaler{}
	case "policy/v1 PodDisruptionBudget":
		return &policyv1.PodDisruptionBudget{}
	case "networking.k8s.io/v1 NetworkPolicy":
		return &networkingv1.NetworkPolicy{}
	case "batch/v1 Job":
		return &batchv1.Job{}
	}
	return nil
}

func main() {
	dump := flag.String("dump", "", "write the decoded objects to this file as a JSON array")
	flag.Parse()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(os.Stdin))
	valid, invalid := 0, 0
	objects := []any{}
	for {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "read:", err)
			os.Exit(2)
		}
		var head struct {
			APIVersion string                `json:"apiVersion"`
			Kind       string                `json:"kind"`
			Metadata   struct{ Name string } `json:"metadata"`
		}
		if err := yaml.Unmarshal(doc, &head); err != nil {
			fmt.Fprintln(os.Stderr, "parse:", err)
			invalid++
			continue
		}
		if head.Kind == "" {
			continue // a document holding only comments
		}
		id := fmt.Sprintf("%s %s/%s", head.APIVersion, head.Kind, head.Metadata.Name)
		obj := newObject(head.APIVersion, head.Kind)
		if obj == nil {
			fmt.Fprintf(os.Stderr, "%s: kind not known to this validator\n", id)
			invalid++
			continue
		}
		if err := yaml.UnmarshalStrict(doc, obj); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", id, err)
			invalid++
			continue
		}
		objects = append(objects, obj)
		valid++
	}
	if *dump != "" {
		out, err := json.Marshal(objects)
		if err == nil {
			err = os.WriteFile(*dump, out, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "dump:", err)
			os.Exit(2)
		}
	}
	fmt.Printf("schema: %d valid, %d invalid\n", valid, invalid)
	if invalid > 0 || valid == 0 {
		os.Exit(1)
	}
}
