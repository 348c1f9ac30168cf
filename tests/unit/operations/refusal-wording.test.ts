import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../../src-main/store/profile-files';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const loaded = loadProfiles(join(ROOT, 'resources', 'profiles'));

/** The seed manuals as extracted text (tests/fixtures/seeds, copied from the project's seeds). */
const SEED_FILES = {
  '001': '001_692c367973698b24.txt',
  '002': '002_573d7d8fc0ba45ab.txt',
  '003': '003_f3e64155c278b546.txt',
  '004': '004_f16a8911cd4dc1b6.txt',
} as const;
type SeedFile = keyof typeof SEED_FILES;

function seed(file: SeedFile): string {
  return readFileSync(join(ROOT, 'tests', 'fixtures', 'seeds', SEED_FILES[file]), 'utf8');
}

/**
 * The extracted seeds mix half- and full-width punctuation and break lines anywhere: compare
 * the words, not the typography.
 */
function normalise(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/,/g, '，')
    .replace(/!/g, '！')
    .replace(/:/g, '：')
    .replace(/;/g, '；')
    .replace(/\(/g, '（')
    .replace(/\)/g, '）')
    .replace(/[“”"]/g, '"');
}

/**
 * Where each refusal comes from: the seed, the sentence the platform shows, the sentence that
 * says what to do, and the words of that sentence the counter's next step must keep.
 */
const SOURCES: Record<
  string,
  {
    file: SeedFile;
    message: string;
    answer: string;
    keep: string[];
    /** The platform's words inside `message`, where the seed does not put them in quotes. */
    quote?: string;
    /** The seed gives no words for this refusal: only its next step is checked. */
    ownWords?: true;
  }
> = {
  ID_ALREADY_CERTIFIED: {
    file: '002',
    message: '注册个人账号显示“该身份证号已被认证”如何处理？',
    answer:
      '若您已忘记密码，可点击“忘记密码”，通过该账号注册时预留手机号收取验证码重新设置密码，即可登录账号。',
    keep: ['忘记密码', '通过该账号注册时预留手机号收取验证码重新设置密码'],
  },
  USCC_ALREADY_CERTIFIED: {
    file: '002',
    message: '注册法人账号显示“该统一社会信用代码已被认证”如何处理？',
    answer:
      '说明该平台已存在您的法人账号，您只需在账号处输入统一社会信用代码、密码及验证码即可登录；',
    keep: ['已存在', '法人账号', '统一社会信用代码'],
  },
  LOGIN_NAME_TAKEN: {
    file: '002',
    message: '注册法人账号显示“登录账号已注册”如何处理？',
    answer:
      '说明您设置的法人账号已存在，该账户名已有用户进行使用，可按照注册规则，重新设置一个法人账号。',
    keep: ['该账户名已有用户进行使用', '按照注册规则', '重新设置一个'],
  },
  BAD_CREDENTIALS: {
    file: '002',
    message: '登录个人账号显示“用户名或密码错误”如何处理？',
    answer:
      '说明您的用户名或密码有误，可点击“忘记密码”，通过该账号注册时的预留手机号收取验证码重新设置密码，即可登录账号。',
    keep: ['用户名或密码有误', '通过该账号注册时的预留手机号收取验证码重新设置密码'],
  },
  ACCOUNT_NOT_FOUND: {
    file: '002',
    message: '登录个人账号显示“该账号不存在”如何处理？',
    answer:
      '可能您的用户名有误，您可以在账号处输入身份证号登录，若依旧显示该账号不存在，说明您还未注册个人账号，您需要点击注册进行账号注册。',
    keep: ['用户名有误', '若依旧显示该账号不存在', '进行账号注册'],
  },
  USCC_NOT_FOUND: {
    file: '002',
    message:
      '登录法人账号显示“实名核验失败，失败原因：验证失败，根据统一社会信用代码未查询到信息”，如何处理？',
    answer:
      '您需要根据自己的实际情况，参照后附“用户注册和信息修改材料要求”准备好“身份证、营业执照、委托书、用户协议（后附模版）”等有效证明材料（原件和复印件）到当地政务大厅进行修改。',
    keep: [
      '用户注册和信息修改材料要求',
      '身份证、营业执照、委托书、用户协议',
      '有效证明材料（原件和复印件）',
      '进行修改',
    ],
  },
  NOT_MARKET_REGULATED: {
    file: '002',
    message: '注册法人账号显示“非市场监督管理局管理企业”如何处理？',
    answer:
      '可能法人类型选择有误,您可以点击“法人类型”,根据自己的实际情况选择“企业法人、社团法人、机关事业单位法人、个体工商户”,即可完成注册。',
    keep: ['法人类型选择有误', '企业法人、社团法人、机关事业单位法人、个体工商户'],
  },
  MOBILE_TAKEN_IN_COMPANY: {
    file: '001',
    message: '提示"同一企业/组织下的账号绑定的手机号不可重复"是什么原因?',
    answer:
      '可能是注册提交的手机号码已被该企业/组织下的其他账号(包括待管理员审核的账号)所绑定。请注销或拒绝申请后,可重新绑定。',
    keep: [
      '已被该企业/组织下的其他账号(包括待管理员审核的账号)所绑定',
      '请注销或拒绝申请后,可重新绑定',
    ],
  },
  AGENT_APPLICATION_PENDING: {
    file: '001',
    message:
      '提示"您在该企业下已有一条经办人账号申请还在审核中,请耐心等待法定代表人或管理员审核"是什么原因?',
    answer: '该用户已提交过一条账号申请, 并且处于“待审核”状态。',
    keep: ['已提交过一条账号申请', '处于“待审核”状态'],
  },
  DAILY_LIMIT_REACHED: {
    file: '001',
    message: '提示"您的经办人账号申请当天已达次数限制,请明天再尝试"是什么原因?',
    answer: '一个经办人(以身份证号为唯一)在同个企业/组织下在一天内被拒绝',
    keep: ['一个经办人(以身份证号为唯一)在同个企业/组织下在一天内被拒绝'],
  },
  AGENT_ALREADY_APPLIED: {
    file: '001',
    message: '提示"当前添加的经办人已提交了账号注册申请,请前往【经办人申请】去审核"是什么原因?',
    answer:
      '由于被添加的经办人(以身份证号为唯一)在该企业/组织下存在一条“待审核”的申请记录,需要管理员前往“经办人申请”去审核通过,便可创建该经办人账号。',
    keep: [
      '存在一条“待审核”的申请记录',
      '需要管理员前往“经办人申请”去审核通过,便可创建该经办人账号',
    ],
  },
  MANUAL_REVIEW: {
    file: '001',
    message: '您的信息已提交!将于1个工作日内完成比对,请耐心等待。',
    answer:
      '注意:比对结果将以短信形式告知,请关注短信,若比对通过则直接登陆即可,若比对不通过则按照短信告知的内容重新上传资料提交。',
    keep: ['比对结果将以短信形式告知', '若比对不通过则按照短信告知的内容重新上传资料提交'],
  },
  APPEAL_UNDER_REVIEW: {
    file: '004',
    message: '申诉提交后请等待客服处理，最终的处理结果会以短信形式通知至企业预留手机号码。',
    answer: '客服人员会根据具体问题和用户所提交的材料进行处理。',
    keep: ['最终的处理结果会以短信形式通知至企业预留手机号码'],
  },
  // The seed gives no words for a rejected appeal; the platform's own reason follows them.
  APPEAL_REJECTED: {
    file: '004',
    message: '申诉驳回',
    answer: '提示：账号申诉需要企业提供相关资料以便人工核对企业信息',
    keep: ['账号申诉需要企业提供相关资料以便人工核对企业信息'],
    ownWords: true,
  },
  ACTIVATION_ACCOUNT_NOT_FOUND: {
    file: '004',
    message:
      '填写法人账号、法人姓名和证件号码，点击下一步时会校验系统是否存在该企业账号，如果账号存在跳转到短信验证页面，如果不存在，提示用户当前企业账号不存在。',
    quote: '当前企业账号不存在',
    answer: '待激活企业账号需通过激活才能正常登录。',
    keep: ['证件号码'],
  },
  SMS_CODE_WRONG: {
    file: '004',
    message: '短信验证码错误',
    answer: '页面加密返显，需要验证预留手机号码的短信验证码。',
    keep: ['预留手机号码', '短信验证码'],
    ownWords: true,
  },
  LEGACY_BAD_CREDENTIALS: {
    file: '003',
    message: '原用户名或原密码错误',
    answer: '点击下一步进入下一环节，如果存在多条单位信息，需要补充填写单位代码再进行下一环节。',
    keep: ['如果存在多条单位信息，需要补充填写单位代码'],
    ownWords: true,
  },
  LEGACY_ALREADY_UPGRADED: {
    file: '003',
    message: '该历史用户已升级',
    answer: '单位完成升级后，系统提示新单位编号，请管理员牢记。',
    keep: ['单位完成升级后，系统提示新单位编号'],
    ownWords: true,
  },
};

describe('refusal wording', () => {
  it('quotes only sentences that are in the seeds', () => {
    for (const [code, source] of Object.entries(SOURCES)) {
      const text = normalise(seed(source.file));
      if (!source.ownWords) expect(text, `${code}: 提示句`).toContain(normalise(source.message));
      expect(text, `${code}: 处理办法`).toContain(normalise(source.answer));
      for (const words of source.keep) {
        expect(normalise(source.message + source.answer), `${code}: ${words}`).toContain(
          normalise(words),
        );
      }
    }
  });

  for (const profile of loaded.profiles) {
    it(`${profile.name}: every refusal shows the platform's words and the seed's next step`, () => {
      expect(profile.refusals.length).toBeGreaterThan(0);
      for (const refusal of profile.refusals) {
        const source = SOURCES[refusal.code];
        expect(source, `${refusal.code} 未注明出处`).toBeDefined();
        if (!source) continue;
        // The platform's message in full, exactly as the seed quotes it (never shortened).
        const quoted =
          source.quote ?? /[“"]([^”"]+)[”"]/.exec(source.message)?.[1] ?? source.message;
        expect(normalise(refusal.platformMessage), refusal.code).toBe(normalise(quoted));
        for (const words of source.keep) {
          expect(normalise(refusal.nextStep), `${refusal.code}: ${words}`).toContain(
            normalise(words),
          );
        }
      }
    });
  }

  it('sends a failed real-name check to a modification, not to registration', () => {
    for (const profile of loaded.profiles) {
      const refusal = profile.refusals.find((item) => item.code === 'USCC_NOT_FOUND');
      expect(refusal?.nextStep).toContain('修改');
      expect(refusal?.nextStep).not.toMatch(/进行注册|办理注册|“注册”/);
    }
  });
});
