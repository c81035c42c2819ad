{{/*
Creates the platform's topics that do not exist yet (tools/create-topics.ts), with the replication
factor and min.insync.replicas of `config:`, before the new pods start: a service must never be the
one to create a topic, or it would get the broker's defaults. Every release runs it and only the
first creates anything. Like the migration Job, a pre-install hook cannot use the release's
ConfigMap (not created yet on a first install), so the environment is inlined. A setting the
cluster cannot give (more copies than brokers) fails the release with the variable named.
*/}}
{{- define "shop-lib.topics-job" -}}
{{- if .Values.topics.enabled -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shop-lib.fullname" . }}-topics
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "-1"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.topics.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.topics.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "shop-lib.labels" . | nindent 8 }}
        app.kubernetes.io/component: topics
    spec:
      restartPolicy: Never
      {{- include "shop-lib.podSpecCommon" . | nindent 6 }}
      containers:
        - name: topics
          image: {{ include "shop-lib.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command: [node, --import, tsx, tools/create-topics.ts]
          env:
            {{- range $k, $v := include "shop-lib.configEnv" . | fromYaml }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          resources:
            requests: { cpu: 50m, memory: 128Mi }
            limits: { memory: 256Mi }
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: { sizeLimit: 128Mi }
{{- end }}
{{- end }}
