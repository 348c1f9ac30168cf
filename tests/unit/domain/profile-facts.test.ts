import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseTypeDefinition, ProvinceProfile } from '../../../src-main/domain/profile';
import { parseProvinceProfile } from '../../../src-main/domain/profile';

// Each province profile checked fact by fact against the manual it was distilled from. Every
// fact cites the seed line (../shared/seeds/<file>:<line>) whose words it encodes; a profile
// edit that drifts from the seed fails here with that citation.

const ROOT = join(import.meta.dirname, '..', '..', '..');

function profile(id: string): ProvinceProfile {
  const text = readFileSync(join(ROOT, 'resources', 'profiles', `${id}.json`), 'utf8');
  return parseProvinceProfile(JSON.parse(text));
}

function caseType(
  p: ProvinceProfile,
  subjectType: string,
  delegated: boolean,
  operation = 'register',
): CaseTypeDefinition {
  const found = p.caseTypes.find(
    (item) =>
      item.key.operation === operation &&
      item.key.subjectType === subjectType &&
      item.key.delegated === delegated,
  );
  if (!found) throw new Error(`${p.id} has no ${operation}/${subjectType}/${String(delegated)}`);
  return found;
}

const fieldOf = (c: CaseTypeDefinition, key: string) => c.fields.find((f) => f.key === key);
const allFields = (p: ProvinceProfile) => p.caseTypes.flatMap((c) => c.fields);
const allMaterials = (p: ProvinceProfile) => p.caseTypes.flatMap((c) => c.materials);
const refusal = (p: ProvinceProfile, code: string) =>
  p.refusals.find((item) => item.code === code)?.platformMessage;

interface Fact {
  seed: string;
  fact: string;
  holds: (p: ProvinceProfile) => boolean;
}

const zhejiang: Fact[] = [
  {
    seed: '001:51',
    fact: '经办人证件类型: the person at the counter is the 经办人',
    holds: (p) => p.parties.agent.name === '经办人',
  },
  {
    seed: '001:22',
    fact: '浙江省内 法人类型: 企业、农专社、个体工商户',
    holds: (p) =>
      ['enterprise', 'farmer-cooperative', 'individual-business'].every((code) =>
        p.subjectTypes.some((s) => s.code === code),
      ),
  },
  {
    seed: '001:35',
    fact: '统一社会信用代码 18 位，字母大写',
    holds: (p) => fieldOf(caseType(p, 'enterprise', false), 'company.creditCode')?.kind === 'uscc',
  },
  {
    seed: '001:26',
    fact: '法定代表人证件类型 is chosen',
    holds: (p) => fieldOf(caseType(p, 'enterprise', false), 'legalRep.idType')?.kind === 'id-type',
  },
  {
    seed: '001:51',
    fact: '经办人证件类型 is chosen',
    holds: (p) => fieldOf(caseType(p, 'enterprise', true), 'agent.idType')?.kind === 'id-type',
  },
  {
    seed: '001:47',
    fact: '用户名 6-18 位字母、数字、下划线，可以是邮箱、手机号',
    holds: (p) =>
      p.usernameRule.minLength === 6 &&
      p.usernameRule.maxLength === 18 &&
      p.usernameRule.allowEmail &&
      p.usernameRule.allowMobile,
  },
  {
    seed: '001:48',
    fact: '密码 8-20 位，三种及以上字符，不能含用户名',
    holds: (p) =>
      p.passwordRule.minLength === 8 &&
      p.passwordRule.maxLength === 20 &&
      p.passwordRule.minClasses === 3 &&
      p.passwordRule.mustNotContainUsername &&
      p.passwordRule.statedBy !== null,
  },
  {
    seed: '001:49',
    fact: '尽量不要以姓名拼音、电话号码以及出生日期作为密码',
    holds: (p) => p.passwordRule.advice.includes('姓名拼音'),
  },
  {
    seed: '001:28',
    fact: '《浙江政务服务网用户注册协议》',
    holds: (p) =>
      p.portal.agreementTitle === '浙江政务服务网用户注册协议' &&
      allMaterials(p)
        .filter((m) => m.code === 'user-agreement')
        .every((m) => m.label.startsWith('浙江政务服务网用户注册协议（')),
  },
  {
    seed: '001:7',
    fact: 'the portal is 浙江政务服务网',
    holds: (p) => p.portal.name === '浙江政务服务网',
  },
  {
    seed: '001:88',
    fact: '非浙江省: its own fields, no 法人类型, 法定代表人身份证号',
    holds: (p) => {
      const c = caseType(p, 'out-of-province', false);
      return (
        fieldOf(c, 'legalRep.idType') === undefined &&
        fieldOf(c, 'legalRep.idNumber')?.label === '法定代表人身份证号'
      );
    },
  },
  {
    seed: '001:122',
    fact: '非中华人民共和国大陆地区 goes to the 人工认证渠道',
    holds: (p) => caseType(p, 'overseas', false).channel === 'manual-review',
  },
  {
    seed: '001:127',
    fact: '单位名称(中英文对照): 请输入中文名称(英文名称)',
    holds: (p) =>
      fieldOf(caseType(p, 'overseas', false), 'company.name')?.hint === '请输入中文名称(英文名称)',
  },
  {
    seed: '001:131',
    fact: '经办人联系电话 with the country code (+86)',
    holds: (p) => fieldOf(caseType(p, 'overseas', false), 'agent.mobile')?.kind === 'phone-intl',
  },
  {
    seed: '001:132',
    fact: '经办人电子邮箱',
    holds: (p) => fieldOf(caseType(p, 'overseas', false), 'agent.email')?.kind === 'email',
  },
  {
    seed: '001:133',
    fact: 'the uploads are .jpg / .jpeg pictures of the licence and the agent’s document',
    holds: (p) =>
      caseType(p, 'overseas', false)
        .materials.filter((m) => m.code !== 'user-agreement')
        .every((m) => m.label.includes('.jpg、.jpeg')),
  },
  {
    seed: '001:127',
    fact: 'no mainland legal representative, no 境外登记注册号码 or 附中文译本',
    holds: (p) =>
      fieldOf(caseType(p, 'overseas', true), 'legalRep.idNumber') === undefined &&
      !allFields(p).some((f) => f.label.includes('境外登记注册号码')) &&
      !allMaterials(p).some((m) => m.label.includes('附中文译本')),
  },
  {
    seed: '001:169',
    fact: '临时项目: 其他非法人单位, 人工认证渠道',
    holds: (p) =>
      caseType(p, 'temporary-project', false).channel === 'manual-review' &&
      p.subjectTypes.some(
        (s) => s.code === 'temporary-project' && s.name.includes('其他非法人单位'),
      ),
  },
  {
    seed: '001:183',
    fact: '经办人民族',
    holds: (p) =>
      fieldOf(caseType(p, 'temporary-project', false), 'agent.ethnicity')?.kind === 'ethnicity',
  },
  {
    seed: '001:197',
    fact: '单位名称: 项目工程合同上的工程/项目的全称; no 法定代表人',
    holds: (p) => {
      const c = caseType(p, 'temporary-project', false);
      return (
        fieldOf(c, 'company.name')?.hint === '项目工程合同上的工程/项目的全称' &&
        !c.fields.some((f) => f.party === 'legalRep')
      );
    },
  },
  {
    seed: '001:199',
    fact: '工程编码栏 18 位的号码，字母大写',
    holds: (p) =>
      fieldOf(caseType(p, 'temporary-project', false), 'company.projectCode')?.kind ===
      'project-code',
  },
  {
    seed: '001:201',
    fact: '证明文件必须盖有业务单位的章',
    holds: (p) =>
      caseType(p, 'temporary-project', false).materials.some(
        (m) => m.attestationBy === '业务单位的章',
      ),
  },
  {
    seed: '001:292',
    fact: '一天内被拒绝 3 次后当天无法再次提交',
    holds: (p) =>
      p.agentLimits.rejectionsPerDay === 3 &&
      p.agentManagement?.messages.dailyLimit === '您的经办人账号申请当天已达次数限制,请明天再尝试',
  },
  {
    seed: '001:280',
    fact: '同一企业/组织下的账号绑定的手机号不可重复',
    holds: (p) =>
      p.agentManagement?.messages.mobileTaken === '同一企业/组织下的账号绑定的手机号不可重复',
  },
  {
    seed: '001:284',
    fact: '已有一条经办人账号申请还在审核中',
    holds: (p) =>
      p.agentManagement?.messages.applicationPending ===
      '您在该企业下已有一条经办人账号申请还在审核中,请耐心等待法定代表人或管理员审核',
  },
  {
    seed: '001:294',
    fact: '当前添加的经办人已提交了账号注册申请,请前往【经办人申请】去审核',
    holds: (p) =>
      p.agentManagement?.messages.pendingWhenAdding ===
      '当前添加的经办人已提交了账号注册申请,请前往【经办人申请】去审核',
  },
  {
    seed: '001:3',
    fact: '员工注册须法定代表人或管理员审核',
    holds: (p) =>
      JSON.stringify(p.agentManagement?.applications?.reviewers) ===
      JSON.stringify(['legal-rep', 'administrator']),
  },
  {
    seed: '001:161',
    fact: '将于1个工作日内完成比对',
    holds: (p) => refusal(p, 'MANUAL_REVIEW')?.includes('1个工作日') === true,
  },
];

const jiangsu: Fact[] = [
  {
    seed: '003:196',
    fact: '管理员可管理单位经办人员: the person at the counter is the 经办人',
    holds: (p) => p.parties.agent.name === '经办人',
  },
  {
    seed: '003:7',
    fact: 'the portal is the 网上办事服务大厅 of 江苏人社',
    holds: (p) => p.portal.name === '江苏人社网上办事服务大厅',
  },
  {
    seed: '003:105',
    fact: '《法人用户注册协议》',
    holds: (p) =>
      p.portal.agreementTitle === '法人用户注册协议' &&
      allMaterials(p)
        .filter((m) => m.code === 'user-agreement')
        .every((m) => m.label.startsWith('法人用户注册协议（')),
  },
  {
    seed: '003:99',
    fact: '法定代表人证件类型 is chosen',
    holds: (p) => fieldOf(caseType(p, 'enterprise', false), 'legalRep.idType')?.kind === 'id-type',
  },
  {
    seed: '003:101',
    fact: '法定代表人证件号码',
    holds: (p) =>
      fieldOf(caseType(p, 'enterprise', false), 'legalRep.idNumber')?.label ===
      '法定代表人证件号码',
  },
  {
    seed: '003:135',
    fact: '统一社会信用代码 on registration',
    holds: (p) => fieldOf(caseType(p, 'enterprise', false), 'company.creditCode')?.kind === 'uscc',
  },
  {
    seed: '003:117',
    fact: '密码 8-20 位，数字、大小写字母、特殊字符中的三种或以上',
    holds: (p) =>
      p.passwordRule.minLength === 8 &&
      p.passwordRule.maxLength === 20 &&
      p.passwordRule.minClasses === 3 &&
      (p.passwordRule.statedBy ?? '').startsWith('seeds/003'),
  },
  {
    seed: '003:418',
    fact: 'no login name: 统一社会信用代码/单位编号/机构编号 with 证件号码/移动电话',
    holds: (p) => !allFields(p).some((f) => f.kind === 'username'),
  },
  {
    seed: '003:549',
    fact: '2.6.5 经办人管理',
    holds: (p) => p.agentManagement?.title === '经办人管理',
  },
  {
    seed: '003:574',
    fact: '法定代表人 一级 / 管理员 二级 / 经办人 三级',
    holds: (p) =>
      p.agentManagement?.roles.map((r) => `${r.name}${r.levelName ?? ''}`).join() ===
      '管理员二级,经办人三级',
  },
  {
    seed: '003:637',
    fact: '法定代表人可添加 1 名管理员',
    holds: (p) => {
      const admin = p.agentManagement?.roles.find((r) => r.code === 'administrator');
      return admin?.max === 1 && admin.grantedBy.join() === 'legal-rep';
    },
  },
  {
    seed: '003:638',
    fact: '法定代表人或管理员可添加最多 10 名经办人',
    holds: (p) => {
      const agent = p.agentManagement?.roles.find((r) => r.code === 'agent');
      return agent?.max === 10 && agent.grantedBy.join() === 'legal-rep,administrator';
    },
  },
  {
    seed: '003:657',
    fact: '经办人没有开通授权的权限',
    holds: (p) =>
      !p.agentManagement?.roles.some((r) => r.grantedBy.includes('agent')) &&
      p.agentManagement?.messages.notAllowed === '经办人没有开通授权的权限。',
  },
  {
    seed: '003:589',
    fact: '授权时间 开始日期 ~ 结束日期',
    holds: (p) =>
      p.agentManagement?.periodRequired === true && p.agentManagement.periodLabel === '授权时间',
  },
  {
    seed: '003:637',
    fact: '管理员需先在江苏人社网上办事服务大厅进行注册个人用户',
    holds: (p) =>
      p.agentManagement?.agentMustBeRegistered === true &&
      p.agentManagement.messages.notRegistered.includes(
        '管理员需先在江苏人社网上办事服务大厅进行注册个人用户',
      ),
  },
  {
    seed: '003:638',
    fact: '经办人需先在江苏人社网上办事服务大厅进行注册个人用户',
    holds: (p) =>
      p.agentManagement?.messages.notRegistered.includes(
        '经办人需先在江苏人社网上办事服务大厅进行注册个人用户',
      ) === true,
  },
  {
    seed: '003:597',
    fact: '用户类别: 管理员 / 普通经办人 (no employee applications to review)',
    holds: (p) => p.agentManagement?.applications === null,
  },
  {
    seed: '003:73',
    fact: 'unit users only: no natural-person registration at this portal',
    holds: (p) => !p.subjectTypes.some((s) => s.kind === 'person'),
  },
  {
    seed: '003:667',
    fact: '初始密码 Js+身份证后六位 is not followed: the applicant sets the password',
    holds: (p) => p.source.includes('不采用'),
  },
  {
    seed: '003:637',
    fact: 'the seed states no daily refusal limit: the platform decides',
    holds: (p) => p.agentLimits.notStated.includes('rejectionsPerDay'),
  },
  {
    seed: '003:637',
    fact: 'the administrator and agent limits are the seed’s own',
    holds: (p) =>
      p.agentLimits.administratorsMax === 1 &&
      p.agentLimits.agentsMax === 10 &&
      !p.agentLimits.notStated.includes('agentsMax'),
  },
];

const jilin: Fact[] = [
  {
    seed: '004:39',
    fact: '企业创建经办人账号后可以通过经办人登录: the person at the counter is the 经办人',
    holds: (p) => p.parties.agent.name === '经办人',
  },
  {
    seed: '004:3',
    fact: 'the portal is 吉林省统一身份认证平台',
    holds: (p) => p.portal.name === '吉林省统一身份认证平台',
  },
  {
    seed: '004:226',
    fact: '法人账号 8-20 位字符，字母开头',
    holds: (p) =>
      p.usernameRule.minLength === 8 &&
      p.usernameRule.maxLength === 20 &&
      new RegExp(p.usernameRule.pattern).test('a1234567') &&
      !new RegExp(p.usernameRule.pattern).test('1abcdefg'),
  },
  {
    seed: '004:175',
    fact: '5年 10年 20年 长期有效: the legal representative’s ID validity',
    holds: (p) =>
      fieldOf(caseType(p, 'enterprise', false), 'legalRep.idValidTo')?.kind === 'id-valid-to',
  },
  {
    seed: '004:177',
    fact: '身份证有效开始日期 / 身份证有效结束日期, required',
    holds: (p) => {
      const c = caseType(p, 'enterprise', false);
      return (
        fieldOf(c, 'legalRep.idValidFrom')?.label === '法定代表人身份证有效开始日期' &&
        fieldOf(c, 'legalRep.idValidTo')?.required === true
      );
    },
  },
  {
    seed: '004:171',
    fact: '证件类型: 居民身份证 only',
    holds: (p) =>
      fieldOf(caseType(p, 'enterprise', false), 'legalRep.idNumber')?.kind === 'resident-id',
  },
  {
    seed: '004:107',
    fact: '(1) 我的经办人',
    holds: (p) => p.agentManagement?.title === '我的经办人',
  },
  {
    seed: '004:113',
    fact: '经办人需要为已注册统一身份认证的自然人用户',
    holds: (p) =>
      p.agentManagement?.agentMustBeRegistered === true &&
      p.agentManagement.messages.notRegistered === '经办人需要为已注册统一身份认证的自然人用户',
  },
  {
    seed: '004:115',
    fact: '身份证有效起止时间 is recorded',
    holds: (p) => p.agentManagement?.recordsIdValidity === true,
  },
  {
    seed: '004:115',
    fact: '企业需要设定经办人身份有效起止时间',
    holds: (p) =>
      p.agentManagement?.periodRequired === true &&
      p.agentManagement.periodLabel === '经办人身份有效起止时间',
  },
  {
    seed: '004:115',
    fact: '具有管理权限的经办人可以添加其他人为经办人',
    holds: (p) =>
      p.agentManagement?.managementFlag === true &&
      p.agentManagement.roles.some((r) => r.grantedBy.includes('agent')),
  },
  {
    seed: '004:115',
    fact: '不具有管理权限的经办人不可以维护经办人信息',
    holds: (p) => p.agentManagement?.messages.notAllowed.includes('不具有管理权限') === true,
  },
  {
    seed: '004:109',
    fact: 'one tier of agents: no administrator',
    holds: (p) => p.agentManagement?.roles.map((r) => r.code).join() === 'agent',
  },
  {
    seed: '004:266',
    fact: '申诉备注 0/150',
    holds: (p) => p.remarkMaxLength === 150,
  },
  {
    seed: '004:240',
    fact: '营业执照原件: 支持扩展名 PDF, JPG, PNG',
    holds: (p) =>
      ['pdf', 'jpg', 'png'].every((type) => p.uploads.copyTypes.includes(type as never)),
  },
  {
    seed: '004:248',
    fact: '企业授权书: DOC, XLS, … JPG, PNG, PDF',
    holds: (p) =>
      ['doc', 'xls', 'jpg', 'png', 'pdf'].every((type) =>
        p.uploads.letterTypes.includes(type as never),
      ),
  },
  {
    seed: '004:115',
    fact: 'the seed states no password rule: Zhejiang’s is advice, the platform decides',
    holds: (p) => p.passwordRule.statedBy === null,
  },
  {
    seed: '004:115',
    fact: 'the seed states no agent limits',
    holds: (p) => p.agentLimits.notStated.length === 5,
  },
  {
    seed: '004:163',
    fact: '法人类型: 企业法人',
    holds: (p) => p.subjectTypes.some((s) => s.code === 'enterprise' && s.name === '企业法人'),
  },
  {
    seed: '004:167',
    fact: '统一社会信用代码',
    holds: (p) => fieldOf(caseType(p, 'enterprise', false), 'company.creditCode')?.kind === 'uscc',
  },
  {
    seed: '004:169',
    fact: '法定代表人姓名',
    holds: (p) =>
      fieldOf(caseType(p, 'enterprise', false), 'legalRep.name')?.label === '法定代表人姓名',
  },
];

const shanxi: Fact[] = [
  {
    seed: '002:90',
    fact: '附录1 受托人, 附录2 受委托人 (002:116): the letters’ names are the agent’s hints',
    holds: (p) => ['受托人', '受委托人'].every((name) => p.parties.agent.alsoCalled.includes(name)),
  },
  {
    seed: '002:71',
    fact: '授权人身份证复印件（授权人签字）和被授权人身份证复印件: 授权人 / 被授权人',
    holds: (p) => p.parties.principal.name === '授权人' && p.parties.agent.name === '被授权人',
  },
  { seed: '002:94', fact: '山西政务服务网', holds: (p) => p.portal.name === '山西政务服务网' },
  {
    seed: '002:162',
    fact: '山西省政务服务网用户协议',
    holds: (p) => p.portal.agreementTitle === '山西省政务服务网用户协议',
  },
  {
    seed: '002:94',
    fact: '(用户注册、用户登录、用户修改): 注册 and 信息修改 print as 用户注册 / 用户修改',
    holds: (p) =>
      p.portal.purposes['register'] === '用户注册' && p.portal.purposes['modify'] === '用户修改',
  },
  {
    seed: '002:5',
    fact: '该身份证号已被认证',
    holds: (p) => refusal(p, 'ID_ALREADY_CERTIFIED') === '该身份证号已被认证',
  },
  {
    seed: '002:11',
    fact: '该统一社会信用代码已被认证',
    holds: (p) => refusal(p, 'USCC_ALREADY_CERTIFIED') === '该统一社会信用代码已被认证',
  },
  {
    seed: '002:17',
    fact: '登录账号已注册',
    holds: (p) => refusal(p, 'LOGIN_NAME_TAKEN') === '登录账号已注册',
  },
  {
    seed: '002:21',
    fact: '用户名或密码错误',
    holds: (p) => refusal(p, 'BAD_CREDENTIALS') === '用户名或密码错误',
  },
  {
    seed: '002:25',
    fact: '该账号不存在',
    holds: (p) => refusal(p, 'ACCOUNT_NOT_FOUND') === '该账号不存在',
  },
  {
    seed: '002:70',
    fact: '自然人本人: 身份证复印件（本人签字），原件备查',
    holds: (p) =>
      caseType(p, 'person', false).materials.some(
        (m) => m.party === 'applicant' && m.originalSeen && m.attestation === 'signature',
      ),
  },
  {
    seed: '002:70',
    fact: '自然人本人: 用户协议（本人签字，附录 4）',
    holds: (p) =>
      caseType(p, 'person', false).materials.some(
        (m) =>
          m.code === 'user-agreement' && m.label === '山西省政务服务网用户协议（本人签字，附录4）',
      ),
  },
  {
    seed: '002:71',
    fact: '自然人委托: 自然人授权委托书原件（附录 1）',
    holds: (p) => caseType(p, 'person', true).materials.some((m) => m.form === 'letter-person'),
  },
  {
    seed: '002:71',
    fact: '自然人委托: 被授权人身份证原件备查',
    holds: (p) =>
      caseType(p, 'person', true).materials.some((m) => m.party === 'agent' && m.originalSeen),
  },
  {
    seed: '002:72',
    fact: '企业法人本人: 营业执照复印件（加盖公章），原件备查',
    holds: (p) =>
      caseType(p, 'enterprise', false).materials.some(
        (m) => m.party === 'company' && m.originalSeen && m.attestation === 'seal',
      ),
  },
  {
    seed: '002:73',
    fact: '企业法人委托: 法人授权委托书（附录 2）',
    holds: (p) => caseType(p, 'enterprise', true).materials.some((m) => m.form === 'letter-legal'),
  },
  {
    seed: '002:74',
    fact: '分公司本人: 总公司营业执照复印件（加盖总公司公章）',
    holds: (p) =>
      caseType(p, 'branch', false).materials.some((m) => m.attestationBy.includes('总公司公章')),
  },
  {
    seed: '002:76',
    fact: '分公司委托: 负责人授权委托书（附录3）',
    holds: (p) => caseType(p, 'branch', true).materials.some((m) => m.form === 'letter-branch'),
  },
  {
    seed: '002:77',
    fact: '机关事业单位: 事业单位法人证书复印件（加盖公章）',
    holds: (p) =>
      caseType(p, 'institution', false).materials.some((m) => m.label.includes('事业单位法人证书')),
  },
  {
    seed: '002:79',
    fact: '民办非企业: 民办非企业法人证书复印件（加盖公章）',
    holds: (p) =>
      caseType(p, 'private-non-enterprise', false).materials.some((m) =>
        m.label.includes('民办非企业'),
      ),
  },
  {
    seed: '002:70',
    fact: 'the same table for 注册 and 信息修改',
    holds: (p) =>
      JSON.stringify(caseType(p, 'enterprise', true).materials.map((m) => m.code)) ===
      JSON.stringify(caseType(p, 'enterprise', true, 'modify').materials.map((m) => m.code)),
  },
  {
    seed: '002:39',
    fact: 'the seed states no password rule or agent limits: the platform decides',
    holds: (p) => p.passwordRule.statedBy === null && p.agentLimits.notStated.length === 5,
  },
  {
    seed: '002:39',
    fact: 'Shanxi describes no agent management',
    holds: (p) => p.agentManagement === undefined,
  },
];

describe.each([
  ['zhejiang', zhejiang],
  ['jiangsu', jiangsu],
  ['jilin', jilin],
  ['shanxi', shanxi],
] as const)('the %s profile says what its seed says', (id, facts) => {
  const p = profile(id);

  it('has at least 20 facts checked', () => {
    expect(facts.length).toBeGreaterThanOrEqual(20);
  });

  it.each(facts.map((fact) => [`seeds/${fact.seed}`, fact.fact, fact] as const))(
    '%s: %s',
    (_seed, _fact, fact) => {
      expect(fact.holds(p)).toBe(true);
    },
  );
});
