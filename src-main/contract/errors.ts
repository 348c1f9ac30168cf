/**
 * Every error a user can see, as a typed code with a Chinese message and the next step.
 * The UI shows `message` and `nextStep`; it never shows a stack trace (STYLE.md F).
 */
export const errorCatalog = {
  UNKNOWN_CHANNEL: {
    message: '请求的功能不存在。',
    nextStep: '请刷新页面后重试；如仍出现，请联系技术支持。',
  },
  BAD_REQUEST: {
    message: '提交的内容格式不正确。',
    nextStep: '请检查填写的内容后重新提交。',
  },
  UNTRUSTED_SENDER: {
    message: '请求来源不可信，已拒绝。',
    nextStep: '请关闭其他窗口，只在柜台办件台中操作。',
  },
  NOT_LOGGED_IN: {
    message: '尚未登录或登录已过期。',
    nextStep: '请重新登录。',
  },
  FORBIDDEN: {
    message: '当前账号无权执行此操作。',
    nextStep: '请联系大厅负责人办理。',
  },
  SESSION_LOCKED: {
    message: '屏幕已锁定。',
    nextStep: '请输入本人密码解锁，未完成的工作会保留。',
  },
  SETUP_REQUIRED: {
    message: '尚未完成首次设置。',
    nextStep: '请先创建负责人账号。',
  },
  SETUP_ALREADY_DONE: {
    message: '首次设置已完成，不能再次创建负责人账号。',
    nextStep: '请使用负责人账号登录。',
  },
  PASSWORD_CHANGE_REQUIRED: {
    message: '首次登录或密码被重置后，须先修改密码。',
    nextStep: '请设置只有您本人知道的新密码。',
  },
  INVALID_CREDENTIALS: {
    message: '用户名或密码错误。',
    nextStep: '请核对后重新输入；连续输错 5 次账号将锁定 15 分钟。',
  },
  ACCOUNT_LOCKED: {
    message: '密码连续输错次数过多，账号已锁定。',
    nextStep: '请在锁定结束后重试，或请负责人重置密码。',
  },
  ACCOUNT_DISABLED: {
    message: '该账号已停用。',
    nextStep: '请联系大厅负责人启用账号。',
  },
  USERNAME_TAKEN: {
    message: '该登录名已被使用。',
    nextStep: '请换一个登录名。',
  },
  WEAK_PASSWORD: {
    message: '密码不符合要求。',
    nextStep: '请使用 8-32 位密码，至少包含字母、数字、符号中的两类，且不含登录名。',
  },
  USER_NOT_FOUND: {
    message: '找不到该柜员账号。',
    nextStep: '请刷新柜员列表后重试。',
  },
  CANNOT_CHANGE_SELF: {
    message: '不能停用或重置自己的账号。',
    nextStep: '请由另一位负责人操作，或使用“修改密码”。',
  },
  STORE_UNAVAILABLE: {
    message: '本地数据库无法打开。',
    nextStep: '请按启动页的提示处理，切勿删除数据文件夹。',
  },
  CORE_UNREACHABLE: {
    message: '无法连接到本机办件服务。',
    nextStep: '请确认柜台办件台仍在运行，然后刷新页面。',
  },
  PROFILE_UNAVAILABLE: {
    message: '省份配置无法使用。',
    nextStep: '请负责人在“设置”中选择本机已安装的省份配置，或联系技术支持修复配置文件。',
  },
  CASE_TYPE_UNSUPPORTED: {
    message: '本省配置不支持该办件事项。',
    nextStep: '请重新选择办理事项、主体类型和是否委托。',
  },
  CASE_NOT_FOUND: {
    message: '找不到该办件。',
    nextStep: '请核对办件编号，或在办件查询中按姓名、证件号码查找。',
  },
  CASE_NOT_EDITABLE: {
    message: '该办件已提交或已结束，不能再修改。',
    nextStep: '如需更正，请新建一个信息修改办件。',
  },
  CASE_TRANSITION_REFUSED: {
    message: '该办件当前状态下不能执行此操作。',
    nextStep: '请刷新办件查看最新状态。',
  },
  CASE_FIELDS_INVALID: {
    message: '办件信息有误或不完整。',
    nextStep: '请按红色提示逐项修改后再继续。',
  },
  FIELD_LOCKED: {
    message: '该项来自身份证或 CA 证书，未解锁不能修改。',
    nextStep: '请先点该项下的“解锁修改”（记入审计日志），再修改。',
  },
  MATERIALS_MISSING: {
    message: '申请材料未收齐，不能提交。',
    nextStep: '请收齐并登记材料；确需缺件提交的，请负责人审批例外。',
  },
  MATERIAL_NOT_FOUND: {
    message: '该办件没有这项材料。',
    nextStep: '请刷新办件后重试。',
  },
  ATTACHMENT_REJECTED: {
    message: '该文件不能作为附件。',
    nextStep: '请换用省份规定格式（扫描件为 JPG、PNG 或 PDF）且不超过大小上限的文件。',
  },
  ATTACHMENT_NOT_FOUND: {
    message: '找不到该附件。',
    nextStep: '请刷新办件后重试。',
  },
  ATTACHMENT_UNREADABLE: {
    message: '附件文件缺失或已损坏，无法打开。',
    nextStep: '请重新扫描上传该材料，并告知技术支持检查数据文件夹。',
  },
  CASE_ASSIGNED_TO_OTHER: {
    message: '该办件由其他柜员办理，您只能查看脱敏摘要，不能修改、打印或查看完整信息。',
    nextStep: '如需继续办理，请点击“接手办件”（将记入审计日志，并告知原承办柜员）。',
  },
  CASE_VERSION_STALE: {
    message: '该办件在您打开之后已被修改，为免覆盖那次修改，本次操作未执行。',
    nextStep: '请点击“重新载入”查看最新内容，核对后再修改。',
  },
  CASE_HANDOVER_REFUSED: {
    message: '该办件不能转交。',
    nextStep: '请刷新办件查看最新状态；已归档或已撤销的办件无需转交。',
  },

  KIOSK_LEAVE_REFUSED: {
    message: '负责人账号或密码不正确，不能退出柜台专用模式。',
    nextStep: '请负责人本人输入其登录名和密码。',
  },
  SUPERVISOR_APPROVAL_REFUSED: {
    message: '负责人账号或密码不正确，例外未批准。',
    nextStep: '请负责人本人输入其登录名和密码。',
  },
  READER_NOT_CONFIGURED: {
    message: '未启用身份证读卡器。',
    nextStep: '请负责人在“本柜台设置”中选择读卡器；暂时可手工录入证件信息。',
  },
  READER_FAILED: {
    message: '读取身份证失败。',
    nextStep: '请拿起身份证后重新平放在读卡器感应区，再读一次。',
  },
  READER_WAIT_REPLACED: {
    message: '已改为读取另一人的身份证，这里的等待已取消。',
    nextStep: '需要读取此人的身份证时，请再点这里的“读取身份证”。',
  },

  READER_NO_ANSWER: {
    message: '读卡器没有应答。',
    nextStep: '请检查读卡器的电源和连接线，或换一个 USB 口；接好后会自动继续等待身份证。',
  },
  READER_CUT_OFF: {
    message: '读卡器传回的数据不完整（中途断了）。',
    nextStep: '请拿起身份证，重新平放在感应区；反复出现请检查连接线或换一个 USB 口。',
  },
  READER_BAD_DATA: {
    message: '读卡器传回的数据有误（校验错误）。',
    nextStep: '请拿起身份证重新放置；反复出现请更换连接线，或请技术支持检查读卡器。',
  },
  READER_DISCONNECTED: {
    message: '读卡器已断开。',
    nextStep: '请重新插好读卡器；插好后会自动继续等待身份证，也可手工录入证件信息。',
  },
  READER_NOT_FOUND: {
    message: '未找到身份证读卡器。',
    nextStep: '请检查读卡器是否插好、是否被其他程序占用；负责人可在“本柜台设置”中检查读卡器类型。',
  },
  READER_NOT_TRAINING: {
    message: '只有培训读卡器可以模拟放卡。',
    nextStep: '请把真实身份证放在读卡器上。',
  },
  CAKEY_NOT_CONFIGURED: {
    message: '未启用 CA 证书 UKey。',
    nextStep: '请负责人在“本柜台设置”中启用 UKey；暂时可对照营业执照手工录入单位信息。',
  },
  CAKEY_ABSENT: {
    message: '未检测到 CA 证书 UKey。',
    nextStep: '请把单位的 UKey 插入本机 USB 口，待指示灯亮起后再读取。',
  },
  CAKEY_DRIVER_MISSING: {
    message: '已插入 UKey，但本机没有该厂商的驱动。',
    nextStep: '请负责人在“本柜台设置”中填写该厂商的 PKCS#11 驱动路径（由 CA 机构提供）。',
  },
  CAKEY_NO_CERTIFICATE: {
    message: 'UKey 中没有可用的证书。',
    nextStep: '请确认插入的是本单位的 CA 证书 UKey，或联系发证 CA 机构。',
  },
  CAKEY_CERTIFICATE_NOT_VALID: {
    message: 'CA 证书不在有效期内，不能用于办件。',
    nextStep: '请申请人先到发证 CA 机构办理证书更新，或改用纸质材料办理。',
  },
  CAKEY_CERTIFICATE_CHANGED: {
    message: '当前插入的 UKey 与已读取的证书不是同一个。',
    nextStep: '请插回原来的 UKey，或重新读取 CA 证书后再验证。',
  },
  CAKEY_NOT_READ: {
    message: '该办件还没有读取 CA 证书。',
    nextStep: '请先点“读取CA证书”。',
  },
  CAKEY_PIN_INCORRECT: {
    message: 'UKey 的 PIN 码不正确。',
    nextStep: '请申请人本人重新输入 PIN 码；连续输错多次 UKey 会被锁定。',
  },
  CAKEY_PIN_LOCKED: {
    message: 'UKey 的 PIN 码已被锁定。',
    nextStep: '本窗口无法解锁。请申请人联系发证 CA 机构解锁或重置 PIN 码后再办理。',
  },
  CAKEY_REMOVED: {
    message: 'UKey 在操作过程中被拔出，本次操作未完成。',
    nextStep: '请重新插好 UKey，再读一次证书。',
  },
  CAKEY_SIGNATURE_INVALID: {
    message: 'UKey 的签名与证书不符，不能证明持有该证书。',
    nextStep: '请确认 UKey 是本单位的原件；如反复出现，请联系发证 CA 机构。',
  },
  CAKEY_FAILED: {
    message: 'UKey 操作失败。',
    nextStep: '请拔下 UKey 重新插好后再试；如仍失败，请联系技术支持核对驱动。',
  },
  SYNC_NOT_CONFIGURED: {
    message: '尚未设置中心平台地址。',
    nextStep: '请负责人在“设置”中填写平台地址后再登记本柜台。',
  },
  SYNC_REGISTRATION_REFUSED: {
    message: '平台拒绝登记本柜台。',
    nextStep: '请核对平台运维方发放的登记码后重试；登记码只能使用一次。',
  },
  SYNC_PLATFORM_UNREACHABLE: {
    message: '无法连接中心平台。',
    nextStep: '请检查网络和平台地址后重试；办件可照常受理，联网后自动发送。',
  },
  SYNC_OFFLINE_FROZEN: {
    message: '本柜台离线时间已超过规定期限，暂停新建办件。',
    nextStep: '请恢复网络，待“同步”显示在线、积压办件发出后即可新建；已有办件可继续处理。',
  },
  OPERATION_UNSUPPORTED: {
    message: '本省平台不提供该业务。',
    nextStep: '请在“新建办件”中选择本省提供的业务。',
  },
  PLATFORM_RULE_LOCAL: {
    message: '按平台规则，该办件提交后会被退回，本机已先行拦下。',
    nextStep: '请按提示处理后再提交。',
  },
  PLATFORM_REFUSED: {
    message: '平台拒绝了本次请求。',
    nextStep: '请按平台答复核对信息后重试。',
  },
  APPLICANT_SCREEN_REQUIRED: {
    message: '该业务须由申请人在申请人屏幕上自行输入密码，本柜台未连接申请人屏幕。',
    nextStep: '请连接申请人屏幕后再办理；柜员不得代为输入申请人的密码。',
  },
  APPLICANT_SECRETS_MISSING: {
    message: '申请人尚未在申请人屏幕上输入本业务所需的密码，不能提交。',
    nextStep: '请点击“交给申请人确认”，由申请人在申请人屏幕上自行输入；柜员不得代为输入。',
  },
  INTERNAL: {
    message: '系统内部错误，本次操作未完成。',
    nextStep: '请重试；如反复出现，请记下时间并联系技术支持。',
  },
  PRINTER_NOT_CONFIGURED: {
    message: '尚未选择打印机。',
    nextStep: '请负责人在“本柜台设置”中选择本柜台的打印机后再打印。',
  },
  PRINTER_NOT_FOUND: {
    message: '找不到所选的打印机。',
    nextStep:
      '请检查打印机是否已连接并已在系统中添加，或在“本柜台设置”中改选打印机；本次打印已记录，可随时重新打印。',
  },
  PRINTER_STOPPED: {
    message: '打印机队列已暂停，文件没有发送。',
    nextStep:
      '请在系统打印机管理中恢复该打印机（CUPS：cupsenable 打印机名），然后点“重新打印”；本次打印已记录。',
  },
  PRINT_FAILED: {
    message: '打印失败，文件没有送到打印机。',
    nextStep: '请检查打印机后点“重新打印”；本次打印已记录。',
  },
  TEMPLATE_INVALID: {
    message: '打印模板有误，无法生成文件。',
    nextStep: '请联系技术人员按提示修正 templates/ 下的模板文件后重启本程序。',
  },
  FORM_NOT_IN_CASE: {
    message: '该办件事项不需要打印这份文件。',
    nextStep: '请从办件的“打印”列表中选择文件。',
  },
  // Archive, retention purge, audit viewer.
  CASE_ARCHIVED: {
    message: '该办件已归档，只能查看，不能再修改、打印登记或撤销。',
    nextStep: '如需更正，请新建一个信息修改办件；如需纸质清单，请负责人在“导出”中导出。',
  },
  ARCHIVE_NOT_FINAL: {
    message: '该办件平台尚未作出最终答复，不能归档。',
    nextStep: '请等待平台受理；被退回且不再重新提交的办件，可填写理由后归档。',
  },
  ARCHIVE_SIGNED_FORMS_MISSING: {
    message: '申请人签字的表格尚未收回，不能归档。',
    nextStep:
      '请收回签字件：提交前上传扫描件或在材料清单中登记“签字原件已存档”；已提交的办件，收回原件后在归档栏点击“登记签字原件已存档”。',
  },
  ARCHIVE_NOT_OWN_CASE: {
    message: '柜员只能归档本人经办的办件。',
    nextStep: '请由承办柜员本人或大厅负责人归档。',
  },
  PURGE_PREVIEW_STALE: {
    message: '清除预览已过期或设置已变化，未执行清除。',
    nextStep: '请重新点击“预览将清除的内容”，核对后再执行。',
  },
  PURGE_RUNNING: {
    message: '已有一次清除正在进行。',
    nextStep: '请等待进度条完成后再操作。',
  },
  // Supervisor's export.
  EXPORT_NOTHING_TO_EXPORT: {
    message: '没有符合筛选条件的办件，未生成导出文件。',
    nextStep: '请放宽日期范围、柜员、事项或状态后再导出。',
  },
  EXPORT_FOLDER_UNWRITABLE: {
    message: '无法在所选文件夹中写入导出文件。',
    nextStep: '请确认文件夹存在、U 盘已插好且未写保护，或换一个文件夹。',
  },
  EXPORT_ALREADY_RUNNING: {
    message: '已有一个导出正在进行。',
    nextStep: '请等待当前导出完成，或先取消它再重新导出。',
  },
  EXPORT_JOB_NOT_FOUND: {
    message: '找不到该导出任务。',
    nextStep: '程序重启后进行中的导出会停止，请重新导出。',
  },
  EXPORT_FAILED: {
    message: '导出未完成，已删除未写完的文件。',
    nextStep: '请检查磁盘空间和文件夹后重新导出；如反复出现，请记下时间并联系技术支持。',
  },
  EXPORT_FILE_UNREADABLE: {
    message: '无法打开该导出文件，或它不是本程序导出的压缩包。',
    nextStep: '请核对文件路径；文件应为本程序导出的 .zip 文件，内含 manifest.json。',
  },
  AGENTS_NOT_OFFERED: {
    message: '本省平台不提供经办人管理。',
    nextStep: '请按本省规定的方式办理；如省份选择有误，请负责人在“设置”中改选。',
  },
  AGENTS_COMPANY_NOT_FOUND: {
    message: '平台上没有该统一社会信用代码的单位账号。',
    nextStep: '请核对营业执照上的代码；单位尚未注册的，请先新建该单位的注册办件。',
  },
  AGENTS_NO_CARD: {
    message: '没有读到身份证。',
    nextStep: '请把办理人的身份证放在读卡器上，再点“读取身份证”。',
  },
  AGENTS_ACTOR_NO_STANDING: {
    message: '读到的人不是该单位的法定代表人、管理员或有管理权限的经办人。',
    nextStep: '请由法定代表人、管理员本人到场，或使用单位的 CA 数字证书核验。',
  },
  AGENTS_ACTOR_NOT_PROVEN: {
    message: '办理人的身份核验已失效。',
    nextStep: '请重新读取办理人的身份证或单位 CA 数字证书（核验 10 分钟内有效）。',
  },
  AGENTS_REFUSED: {
    message: '平台拒绝了这次经办人变更。',
    nextStep: '请按提示处理后重试。',
  },
  INSTITUTIONS_NOT_OFFERED: {
    message: '本省平台不提供机构管理。',
    nextStep: '机构按本省规定的方式办理。',
  },
  INSTITUTIONS_REFUSED: {
    message: '平台拒绝了这次机构管理操作。',
    nextStep: '请按提示处理后重试。',
  },

  // Hardening after the attack on the counter.
  LOGIN_TOO_FREQUENT: {
    message: '登录尝试过于频繁，请稍后再试。',
    nextStep: '请核对登录名和密码后，到提示的时间再登录；忘记密码请找大厅负责人重置。',
  },

  // The applicant's own screen.
  APPLICANT_PAIRING_INVALID: {
    message: '配对码不正确或已过期。',
    nextStep: '请核对柜员屏幕上显示的 6 位配对码；已过期时请柜员重新生成。',
  },
  APPLICANT_PAIRING_LOCKED: {
    message: '配对码输错次数过多，已暂停配对。',
    nextStep: '请等待 5 分钟后由柜员重新生成配对码再试。',
  },
  APPLICANT_SCREEN_NOT_PAIRED: {
    message: '申请人屏幕尚未与本柜台配对。',
    nextStep: '请在申请人屏幕上打开 /applicant 页面，输入柜员屏幕显示的配对码。',
  },
  APPLICANT_NOT_HANDED_OVER: {
    message: '该办件目前没有交给申请人屏幕。',
    nextStep: '请等待柜员点击“交给申请人确认”。',
  },
  APPLICANT_STEP_OUT_OF_ORDER: {
    message: '请按顺序完成：先确认信息，再阅读告知，然后设置密码。',
    nextStep: '请按屏幕提示完成当前这一步。',
  },
  FIELD_SET_BY_APPLICANT: {
    message: '该项由申请人在申请人屏幕上设置，柜员不能填写或修改。',
    nextStep: '请点“交给申请人确认”，由申请人在申请人屏幕上设置。',
  },
  APPLICANT_FIELDS_MISSING: {
    message: '申请人尚未在申请人屏幕上设置本业务所需的信息，不能提交。',
    nextStep: '请点“交给申请人确认”，由申请人在申请人屏幕上设置。',
  },
  APPLICANT_VALUE_INVALID: {
    message: '填写的内容不符合要求。',
    nextStep: '请按提示修改后，再点确认。',
  },
  APPLICANT_PASSWORD_NOT_USED: {
    message: '本省平台通过短信激活账号，不在柜台设置密码。',
    nextStep: '请留意平台发送的激活短信，按短信提示设置密码。',
  },
  APPLICANT_SEALING_KEY_MISSING: {
    message: '尚未取得平台的加密公钥，无法安全地设置密码。',
    nextStep: '请负责人在“中心平台同步”页面确认本柜台已登记且平台可连接后再试。',
  },
  APPLICANT_SEALING_KEY_CHANGED: {
    message: '密码加密所用的平台公钥已更换。',
    nextStep: '请申请人重新输入一次密码。',
  },
  APPLICANT_SEALING_KEY_UNVERIFIED: {
    message: '平台发来的新加密公钥无法用本柜台已固定的公钥验证，未予采用。',
    nextStep: '请负责人联系平台运维核对密钥编号；在此之前柜台继续使用原公钥。',
  },
  APPLICANT_SEALING_KEY_NOT_REGISTERED: {
    message: '本柜台尚未在平台登记，无法更新平台加密公钥。',
    nextStep: '请负责人先在“中心平台同步”页面登记本柜台。',
  },
  APPLICANT_RATING_NOT_YET: {
    message: '办件提交后才能评价。',
    nextStep: '请等待柜员提交办件。',
  },
  APPLICANT_SIGNATURE_NOT_USED: {
    message: '本省不在申请人屏幕上签名。',
    nextStep: '请在柜员打印的材料上签字。',
  },
  APPLICANT_SIGNATURE_TOO_SHORT: {
    message: '签名太短或是空白，无法作为签名保存。',
    nextStep: '请点“重写”，用手指在框内完整写下您的姓名后再点“确认签名”。',
  },
  APPLICANT_SIGNATURE_INVALID: {
    message: '签名图像无法识别。',
    nextStep: '请点“重写”后重新签名；仍不行时请告知柜员。',
  },
} as const satisfies Record<string, { message: string; nextStep: string }>;

/** A typed error code that the renderer can switch over. */
export type ErrorCode = keyof typeof errorCatalog;

/** The error half of every response envelope. */
export interface ContractErrorPayload {
  code: ErrorCode;
  message: string;
  nextStep: string;
  /** Field-level problems of a bad payload, already in Chinese. */
  fields?: Record<string, string>;
  /** ISO time until which an account stays locked (ACCOUNT_LOCKED). */
  until?: string;
}

/** Builds the payload for a code, taking the catalogue's words unless a sharper message is given. */
export function contractError(
  code: ErrorCode,
  extra: Partial<Omit<ContractErrorPayload, 'code'>> = {},
): ContractErrorPayload {
  const base = errorCatalog[code];
  return { code, message: base.message, nextStep: base.nextStep, ...extra };
}

/** Every response crosses the boundary as this envelope, so a failure is data, never a throw. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractErrorPayload };
