{{- define "shop-lib.deployment" -}}
{{- $probes := .Values.probes -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "shop-lib.fullname" . }}
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
spec:
  {{- if not .Values.autoscaling.enabled }}
  replicas: {{ .Values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  selector:
    matchLabels:
      {{- include "shop-lib.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "shop-lib.labels" . | nindent 8 }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .Values.metrics.port | quote }}
        prometheus.io/path: /metrics
        # a config change rolls the pods; envFrom is read only at container start
        checksum/config: {{ include "shop-lib.configEnv" . | sha256sum }}
    spec:
      serviceAccountName: {{ include "shop-lib.fullname" . }}
      {{- include "shop-lib.podSpecCommon" . | nindent 6 }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ include "shop-lib.name" . }}
          image: {{ include "shop-lib.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .Values.service.port }}
              protocol: TCP
            - name: metrics
              containerPort: {{ .Values.metrics.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "shop-lib.fullname" . }}
            # listed last: a key in the Secret wins over the same key in the ConfigMap
            - secretRef:
                name: {{ include "shop-lib.secretName" . }}
          env:
            - name: POD_NAME
              valueFrom: { fieldRef: { fieldPath: metadata.name } }
            - name: OTEL_RESOURCE_ATTRIBUTES
              value: k8s.pod.name=$(POD_NAME),k8s.namespace.name={{ .Release.Namespace }}
          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: {{ $probes.startup.periodSeconds }}
            failureThreshold: {{ $probes.startup.failureThreshold }}
          livenessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: {{ $probes.liveness.periodSeconds }}
            timeoutSeconds: {{ $probes.liveness.timeoutSeconds }}
            failureThreshold: {{ $probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet: { path: /ready, port: http }
            periodSeconds: {{ $probes.readiness.periodSeconds }}
            timeoutSeconds: {{ $probes.readiness.timeoutSeconds }}
            failureThreshold: {{ $probes.readiness.failureThreshold }}
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ .Values.preStopSleepSeconds }}"]
          resources:
            {{- required "resources are required" .Values.resources | toYaml | nindent 12 }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            # tsx caches compiled sources under the temp dir; the root filesystem is read-only
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: { sizeLimit: 256Mi }
{{- end }}
