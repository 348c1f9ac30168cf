/** Every kind of audit entry, with the words the supervisor reads. */
export const auditActionLabels = {
  'setup.supervisor-created': '首次设置：创建负责人',
  'auth.login': '登录',
  'auth.login-failed': '登录失败',
  'auth.account-locked': '账号因连续输错密码锁定',
  'auth.logout': '退出登录',
  'auth.lock': '锁屏',
  'auth.unlock': '解锁',
  'auth.unlock-failed': '解锁失败',
  'auth.approval-failed': '负责人审批密码错误',
  'auth.password-changed': '修改本人密码',
  'clerk.created': '新建柜员',
  'clerk.disabled': '停用柜员',
  'clerk.enabled': '启用柜员',
  'clerk.password-reset': '重置柜员密码',
  'settings.updated': '修改柜台设置',
  'kiosk.left': '负责人退出柜台专用模式',
  'case.created': '新建办件',
  'case.values-saved': '保存办件信息',
  'case.revealed': '查看未脱敏信息',
  'case.item-recorded': '登记材料核验情况',
  'case.attachment-added': '添加附件',
  'case.attachment-removed': '删除附件',
  'case.state-changed': '办件状态变更',
  'case.exception-approved': '负责人批准缺件例外',
  'case.exception-refused': '负责人例外审批未通过',
  'case.card-field-unlocked': '解锁读卡字段以手工修改',
  'idcard.read': '读取身份证',
  'print.previewed': '打印预览',
  'print.sent': '打印文件',
  'print.failed': '打印未成功',
  'cakey.read': '读取 CA 证书',
  'cakey.proved': 'CA 证书 UKey 签名验证通过',
  'cakey.prove-failed': 'CA 证书 UKey 签名验证未通过',
  'case.cakey-field-unlocked': '解锁 CA 证书填入的字段以手工修改',
  'sync.counter-registered': '在中心平台登记本柜台',
  'sync.retry-now': '立即重试发送',
  // Statistics (issue 8, item 4).
  'stats.daily-report-printed': '打印办件日报表',
  // Issue 8: archive, retention, the audit viewer.
  'case.archived': '办件归档',
  'case.signed-originals-recorded': '登记补交的签字原件已存档',
  'archive.batch-run': '批量归档',
  'retention.settings-updated': '修改归档与保存期限设置',
  'retention.purge-started': '开始按保存期限清除',
  'retention.attachments-purged': '按保存期限清除附件',
  'retention.personal-data-purged': '按保存期限清除个人信息',
  'retention.purge-finished': '按保存期限清除完成',
  'audit.exported': '导出审计日志',
  // Supervisor's export (issue 8).
  'export.started': '开始导出办件核验清单',
  'export.full-data': '导出未脱敏的个人信息',
  'export.finished': '导出完成',
  'export.cancelled': '导出已取消',
  'export.failed': '导出失败',
  'export.verified': '校验导出文件',
} as const;

/** An audit action code. */
export type AuditAction = keyof typeof auditActionLabels;

/** The label of an action code, or the code itself for one a newer app wrote. */
export function auditActionLabel(action: string): string {
  return (auditActionLabels as Record<string, string>)[action] ?? action;
}
