{{/*
Who may reach a service's pods: the API port from anywhere (the ingress and the other services),
the metrics port only from the monitoring namespace (`metrics.allowFromNamespace`), nothing else.
*/}}
{{- define "shop-lib.networkpolicy" -}}
{{- $monitoring := required "metrics.allowFromNamespace is required" .Values.metrics.allowFromNamespace -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "shop-lib.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress]
  ingress:
    - ports:
        - port: http
          protocol: TCP
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: {{ $monitoring }}
      ports:
        - port: metrics
          protocol: TCP
{{- end }}
