{{/*
Runs before the new pods exist, so it cannot use the release's ConfigMap or ServiceAccount
(not created yet on a first install): the environment is inlined and the Secret, which
lives outside the chart, is referenced directly.
*/}}
{{- define "shop-lib.migration-job" -}}
{{- if .Values.migration.enabled -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "shop-lib.fullname" . }}-migrate
  labels:
    {{- include "shop-lib.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ .Values.migration.backoffLimit }}
  activeDeadlineSeconds: {{ .Values.migration.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "shop-lib.labels" . | nindent 8 }}
        app.kubernetes.io/component: migration
    spec:
      restartPolicy: Never
      {{- include "shop-lib.podSpecCommon" . | nindent 6 }}
      containers:
        - name: migrate
          image: {{ include "shop-lib.image" . }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          command:
            - node
            - --import
            - tsx
            - tools/migrate.ts
            - --service
            - {{ .Values.migration.service | default (include "shop-lib.name" .) }}
          env:
            {{- range $k, $v := include "shop-lib.configEnv" . | fromYaml }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          envFrom:
            - secretRef:
                name: {{ include "shop-lib.secretName" . }}
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 384Mi }
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
