/**
 * What a second-generation card reader yields (IDCARD.md §3): the resident ID card, the
 * foreigner permanent residence card ('I') and the HK/Macao/Taiwan residence permit ('J').
 * The photo stays opaque WLT bytes: decoding it needs a licensed vendor library (§3.2).
 */

/** Fields every card carries, with dates as YYYY-MM-DD and validity end possibly '长期'. */
interface CardCommon {
  name: string;
  sex: string;
  birthDate: string;
  idNumber: string;
  validFrom: string;
  validTo: string;
  photo: Uint8Array;
}

/** The resident identity card (居民身份证). */
export interface ResidentIdCard extends CardCommon {
  kind: 'resident';
  nation: string;
  address: string;
  issuer: string;
}

/** The HK/Macao/Taiwan residence permit (港澳台居民居住证), type 'J'. */
export interface ResidencePermitCard extends CardCommon {
  kind: 'hk-mo-tw-permit';
  address: string;
  issuer: string;
  travelPermitNumber: string;
  issueCount: string;
}

/** The foreigner permanent residence card, 2017 format (外国人永久居留证), type 'I'. */
export interface ForeignerCard extends CardCommon {
  kind: 'foreigner';
  englishName: string;
  nationality: string;
  cardVersion: string;
  authorityCode: string;
}

/** One card as read. */
export type IdCard = ResidentIdCard | ResidencePermitCard | ForeignerCard;

/** Sex codes of GB/T 2261.1. */
export const sexNames: Readonly<Record<string, string>> = {
  '0': '未知',
  '1': '男',
  '2': '女',
  '9': '未说明',
};

/** Nation codes of GB/T 3304, as printed on the card (without the 族 suffix). */
export const nationNames: Readonly<Record<string, string>> = {
  '01': '汉',
  '02': '蒙古',
  '03': '回',
  '04': '藏',
  '05': '维吾尔',
  '06': '苗',
  '07': '彝',
  '08': '壮',
  '09': '布依',
  '10': '朝鲜',
  '11': '满',
  '12': '侗',
  '13': '瑶',
  '14': '白',
  '15': '土家',
  '16': '哈尼',
  '17': '哈萨克',
  '18': '傣',
  '19': '黎',
  '20': '傈僳',
  '21': '佤',
  '22': '畲',
  '23': '高山',
  '24': '拉祜',
  '25': '水',
  '26': '东乡',
  '27': '纳西',
  '28': '景颇',
  '29': '柯尔克孜',
  '30': '土',
  '31': '达斡尔',
  '32': '仫佬',
  '33': '羌',
  '34': '布朗',
  '35': '撒拉',
  '36': '毛南',
  '37': '仡佬',
  '38': '锡伯',
  '39': '阿昌',
  '40': '普米',
  '41': '塔吉克',
  '42': '怒',
  '43': '乌孜别克',
  '44': '俄罗斯',
  '45': '鄂温克',
  '46': '德昂',
  '47': '保安',
  '48': '裕固',
  '49': '京',
  '50': '塔塔尔',
  '51': '独龙',
  '52': '鄂伦春',
  '53': '赫哲',
  '54': '门巴',
  '55': '珞巴',
  '56': '基诺',
  '97': '其他',
  '98': '外国血统中国籍人士',
};

/** Whether a card's validity has ended before today (local date). */
export function isExpired(card: IdCard, today: Date): boolean {
  if (card.validTo === '长期' || !/^\d{4}-\d{2}-\d{2}$/.test(card.validTo)) return false;
  const pad = (n: number) => String(n).padStart(2, '0');
  const local = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  return card.validTo < local;
}

/**
 * The case form's person fields filled from a card (see the case values' `party.field`
 * names): name, sex, nation, birth date, address, ID number, issuer and validity.
 */
export function idCardToPersonValues(card: IdCard): Record<string, string> {
  const values: Record<string, string> = {
    name: card.kind === 'foreigner' && card.name === '' ? card.englishName : card.name,
    sex: card.sex,
    birthDate: card.birthDate,
    idNumber: card.idNumber,
    idValidFrom: card.validFrom,
    idValidTo: card.validTo,
  };
  if (card.kind === 'resident') values.nation = card.nation;
  if (card.kind !== 'foreigner') {
    values.address = card.address;
    values.idIssuer = card.issuer;
  }
  return values;
}
