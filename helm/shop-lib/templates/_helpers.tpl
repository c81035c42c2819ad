{{/*
A library chart's own values.yaml is not seen by its parent, so the defaults live here;
"shop-lib.all" merges the application chart's values over them.
*/}}
{{- define "shop-lib.defaults" -}}
image:
  pullPolicy: IfNotPresent
service:
  type: ClusterIP
replicaCount: 2
autoscaling:
  enabled: true
  targetCPUUtilizationPercentage: 70
  targetMemoryUtilizationPercentage: 80
config:
  LOG_LEVEL: info
  REDIS_URL: redis://redis:6379
  KAFKA_BROKERS: kafka:9092
  # For the topics Job: three copies of each partition, a write acknowledged once two have it, so
  # a broker may fail or restart without losing an acknowledged event or refusing a write.
  KAFKA_REPLICATION_FACTOR: 3
  KAFKA_MIN_INSYNC_REPLICAS: 2
  OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-collector:4318
  OTEL_TRACES_EXPORTER: otlp
  # The `iss` the user service signs into access tokens and the `aud` they are for; every service
  # refuses a token naming others, so a cluster sets the same pair in every release.
  TOKEN_ISSUER: https://shop.local/user-service
  TOKEN_AUDIENCE: shop-api
  # Only the user service's published keys verify access tokens (no key file in the image).
  JWKS_URL: http://user-service:3001/.well-known/jwks.json
# The only peers whose X-Forwarded-For names the client (TRUST_PROXY, rendered by _configmap.tpl):
# the gateway's pods. Set the cluster's pod CIDR, or Kong's and the ingress's addresses, per cluster.
trustedProxies: ["10.0.0.0/8"]
metrics:
  # GET /metrics is served on this port alone (METRICS_PORT), never on the API's.
  port: 9464
  # The NetworkPolicy lets only this namespace's pods (Prometheus) reach it.
  allowFromNamespace: monitoring
secret:
  # Holds DATABASE_URL (the service's own role) and any other credential; created outside
  # the chart (sealed-secrets, external-secrets, kubectl) so no password sits in values.
  name: ""
probes:
  startup: { periodSeconds: 2, failureThreshold: 30 }
  liveness: { periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }
  readiness: { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }
# Deleting a pod runs preStop while its endpoint is being removed: the pod keeps serving for
# preStopSleepSeconds until kube-proxy and the ingress stop routing to it, then gets SIGTERM
# and drains (HTTP, Kafka consumers, outbox relay) within SHUTDOWN_TIMEOUT_MS (_configmap.tpl).
terminationGracePeriodSeconds: 30
preStopSleepSeconds: 10
podDisruptionBudget:
  minAvailable: 1
migration:
  enabled: true
  backoffLimit: 3
  activeDeadlineSeconds: 300
topics:
  enabled: true
  backoffLimit: 3
  activeDeadlineSeconds: 300
podSecurityContext:
  runAsNonRoot: true
  runAsUser: 1000
  runAsGroup: 1000
  fsGroup: 1000
  seccompProfile: { type: RuntimeDefault }
securityContext:
  allowPrivilegeEscalation: false
  readOnlyRootFilesystem: true
  capabilities: { drop: [ALL] }
nodeSelector: {}
tolerations: []
affinity: {}
{{- end }}

{{- define "shop-lib.name" -}}
{{- .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "shop-lib.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{- define "shop-lib.selectorLabels" -}}
app.kubernetes.io/name: {{ include "shop-lib.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "shop-lib.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "shop-lib.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: shop
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "shop-lib.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end }}

{{- define "shop-lib.secretName" -}}
{{- .Values.secret.name | default (printf "%s-secrets" (include "shop-lib.fullname" .)) -}}
{{- end }}

{{/* Shared by the Deployment and the migration Job. */}}
{{- define "shop-lib.podSpecCommon" -}}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
