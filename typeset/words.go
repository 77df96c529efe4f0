package typeset

import (
	"unicode"
	"unicode/utf8"
)

// Short texts that are broken by hand — chart labels and titles (package charts), a headline
// without spaces split over a spread (package layout) — break between words, not inside them
// ("城镇居民人均 / 可支配收入", never "城镇居民人 / 均可支配收入"). Words are found by forward
// maximum matching over a word list the package keeps (listedWord): WordLen gives the longest
// listed word at the start of a text, or its first character when none is listed, so an
// unknown name still breaks, between any two of its characters. Paragraph uses it only with
// Options.Words (lead and closing boxes), and then as a preference, not a rule.
//
// Why a kept list and not a segmenter: go-ego/gse is not served by the module proxy this project
// builds from, and gojieba needs cgo and loads a dictionary of about 5 MB at start. Labels are
// short terms of a report's statistics (地区生产总值, 一般公共预算收入, 农村居民人均可支配收入),
// drawn from a small vocabulary: a list of 460 such words and set phrases costs a few kB of
// binary and nothing at start (a switch the compiler turns into a search), where a segmenter's
// dictionary would take longer to load than the seed's whole cold build (about 60 ms). A word
// the list lacks stays breakable between its characters, as before; add it to the list.

// listedWord reports the words of economic and social statistics, public finance, administration
// and their usual qualifiers, and the set phrases (成语, 套话) of reports and their closings
// (稳中求进, 只争朝夕), two to four characters, that short texts break around. A switch, not a
// map: the compiler builds the search, nothing is built when a process starts.
func listedWord(s string) bool {
	switch s {
	case
		"地区", "生产", "总值", "产值", "总产值", "增加值", "财政", "总收入", "收入", "收益", "支出", "总支出", "预算", "一般", "公共",
		"基金", "税收", "非税", "社会", "消费", "消费品", "零售", "总额", "销售", "批发", "住宿", "餐饮", "固定", "资产", "投资",
		"项目", "重点", "重大", "城镇", "城乡", "农村", "乡村", "居民", "人均", "可支配", "常住", "户籍", "人口", "家庭", "个人",
		"职工", "工资", "平均", "就业", "新增", "失业", "登记", "再就业", "民生", "服务", "服务业", "工业", "规模", "以上", "规上",
		"制造业", "建筑业", "农业", "林业", "牧业", "渔业", "农林", "牧渔", "粮食", "产量", "播种", "面积", "耕地", "高标准", "农田",
		"水稻", "小麦", "玉米", "蔬菜", "水果", "茶叶", "生猪", "出栏", "存栏", "农产品", "加工", "合作社", "家庭农场", "进出口",
		"出口", "进口", "外贸", "外资", "实际", "利用", "引进", "区外", "市外", "省外", "境外", "资金", "到位", "招商", "引资",
		"签约", "开工", "竣工", "完成", "实现", "累计", "同比", "增长", "增速", "下降", "比重", "比例", "占比", "构成", "结构",
		"指数", "价格", "物价", "指标", "主要", "经济", "发展", "高质量", "情况", "全区", "全市", "全县", "全省", "全国", "全年",
		"年度", "年末", "季度", "上半年", "下半年", "一季度", "三次", "产业", "第一", "第二", "第三", "一产", "二产", "三产", "数字",
		"数字经济", "电子", "商务", "电商", "网络", "零售额", "快递", "业务量", "旅游", "游客", "接待", "人次", "万人次", "文化",
		"文旅", "体育", "博物馆", "图书馆", "借阅", "阅读", "书房", "演出", "景区", "民宿", "夜间", "金融", "存款", "贷款", "余额",
		"机构", "保险", "证券", "上市", "企业", "公司", "市场", "主体", "个体", "工商户", "民营", "国有", "高新", "技术", "科技",
		"研发", "经费", "专利", "发明", "授权", "创新", "平台", "园区", "开发区", "高新区", "孵化器", "人才", "教育", "学校", "学位",
		"小学", "初中", "高中", "幼儿园", "义务", "学前", "职业", "教师", "学生", "在校生", "招生", "毕业", "卫生", "健康", "医疗",
		"医院", "医生", "床位", "基层", "诊疗", "就诊", "就诊率", "县域", "医共体", "医保", "养老", "养老院", "参保", "社保", "低保",
		"特困", "救助", "困难", "群众", "临时", "残疾人", "儿童", "老年人", "保障", "住房", "保障房", "棚户区", "老旧", "小区", "改造",
		"更新", "城市", "新城", "城区", "街道", "社区", "村庄", "人居", "环境", "整治", "道路", "交通", "运输", "公路", "铁路",
		"高速", "国道", "省道", "农村路", "里程", "公交", "客运", "货运", "客运量", "货运量", "吞吐量", "港口", "码头", "集装箱",
		"航空", "旅客", "出行", "分担率", "水利", "工程", "供水", "自来水", "普及率", "污水", "处理", "处理率", "垃圾", "分类", "生态",
		"空气", "质量", "优良", "天数", "水质", "断面", "森林", "覆盖率", "绿地", "公园", "湿地", "造林", "能耗", "单位", "能源",
		"电力", "用电量", "发电", "天然气", "碳排放", "节能", "减排", "脱贫", "攻坚", "扶贫", "帮扶", "搬迁", "安置", "易地", "劳动力",
		"务工", "外出", "转移", "公益", "岗位", "车间", "增收", "网格", "治理", "信访", "安全", "生产安全", "应急", "消防", "治安",
		"刑事", "案件", "政务", "办理", "事项", "政务服务", "一网通办", "机械化", "综合", "耕种", "农作物", "乡镇", "行政村", "自然村",
		"建档立卡", "户数", "总量", "数量", "金额", "费用", "标准", "水平", "能力", "建设", "规划", "管理", "提升", "优化", "营商",
		"营商环境", "监管", "审批", "新登记", "注册", "资本", "稳中求进", "稳中有进", "稳中向好", "攻坚克难", "真抓实干", "砥砺前行",
		"只争朝夕", "不负韶华", "击鼓催征", "行稳致远", "奋楫扬帆", "踔厉奋发", "勇毅前行", "笃行不怠", "久久为功", "锐意进取", "开拓创新",
		"守正创新", "凝心聚力", "众志成城", "迎难而上", "蹄疾步稳", "日新月异", "欣欣向荣", "蒸蒸日上", "蓬勃发展", "稳步推进", "扎实推进",
		"全面推进", "持续推进", "深入推进", "统筹推进", "提质增效", "提档升级", "转型升级", "量质齐升", "落地见效", "落地生根", "开花结果",
		"惠民利民", "便民利民", "以人为本", "民生福祉", "安居乐业", "宜居宜业", "春潮涌动", "一元复始", "万象更新", "初心如磐", "信念似铁",
		"接续奋斗", "再谱华章", "乘势而上", "开局起步", "再接再厉", "实事求是", "因地制宜", "精准施策", "提速增效", "保驾护航", "排忧解难",
		"群策群力", "齐心协力", "同心同德", "撸起袖子", "埋头苦干", "放管服", "获得感", "幸福感", "安全感", "满意度", "新动能", "新业态",
		"新模式", "新格局", "主战场", "主力军", "排头兵", "先行区", "示范区", "试验区", "新高地", "桥头堡":
		return true
	}
	return false
}

// maxWordLen is the longest word of commonWords, in characters.
const maxWordLen = 4

// bindWords marks the gaps inside each listed word of the segment (forward maximum matching
// over its runs of single Han characters) as brkWord.
func (o *para) bindWords(rs []rune, base int) {
	at := o.atoms
	han := func(k int) bool {
		return k < len(at) && at[k].kind == kHan && at[k].end-at[k].start == 1 && !at[k].split
	}
	var buf [maxWordLen * utf8.UTFMax]byte
	for k := 0; k < len(at); {
		if !han(k) {
			k++
			continue
		}
		word := buf[:0]
		for j := k; j < k+maxWordLen && han(j); j++ {
			word = utf8.AppendRune(word, rs[at[j].start-base])
		}
		n := utf8.RuneCount(word[:WordLen(string(word))])
		for g := k; g < k+n-1; g++ {
			if o.gaps[g].brk == brkOK {
				o.gaps[g].brk = brkWord
			}
		}
		k += max(n, 1)
	}
}

// WordLen is the length in bytes of the longest listed word at the start of s, or of its first
// character when none is listed (0 for an empty s).
func WordLen(s string) int {
	_, first := utf8.DecodeRuneInString(s)
	ends := [maxWordLen]int{}
	n, at := 0, 0
	for n < maxWordLen && at < len(s) {
		r, sz := utf8.DecodeRuneInString(s[at:])
		if !unicode.Is(unicode.Han, r) {
			break
		}
		at += sz
		ends[n] = at
		n++
	}
	for l := n; l > 1; l-- {
		if listedWord(s[:ends[l-1]]) {
			return ends[l-1]
		}
	}
	return first
}
