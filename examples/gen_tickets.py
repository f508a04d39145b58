#!/usr/bin/env python3
"""Generate examples/tickets.jsonl: an illustrative sample of 12345 hotline tickets.

The tickets are INVENTED from templates (no real citizen data). They are shaped
like the work orders hotline staff record: a colloquial complaint text plus the
structured attributes of the schema in rules/00_schema.rules (category, venue,
amount, online, and the place and date of the ticket: street, received). Some tickets carry the outcome field "returned" (whether the
ticket bounced back from the department it was sent to) and every ticket has an
"id"; neither is a schema attribute.

The sample deliberately includes
  * tickets one item clearly owns,
  * tickets that raise two matters at once (一单多诉),
  * tickets only analogy can place (near conditions, nearest item),
  * tickets no item covers (unclaimed), and
  * transcription slips (驾效 for 驾校, 电悌 for 电梯, 燥音 for 噪音, ...), which the
    nearest-item step scores by sound (`homophone` in rules/00_schema.rules),
  * tickets received before and after 2024-07-01, when the list changed with the
    消费者权益保护法实施条例, and tickets with and without their town or street.

Run:  python3 examples/gen_tickets.py > examples/tickets.jsonl
The random seed is fixed, so the output is reproducible.
"""
import json
import random

SEED = 12345
N = 330

rng = random.Random(SEED)
# The place, the date and the extra slips come from a second generator, so the
# texts and attributes drawn from the first stay what they were before v2.
rng2 = random.Random(SEED + 1)

# The streets and towns of the city (rules/05_territory.rules); the three urban
# streets receive most calls.
STREETS = ["钢山街道", "千泉街道", "凫山街道", "北宿镇", "中心店镇", "唐村镇", "太平镇", "石墙镇", "峄山镇",
           "香城镇", "城前镇", "大束镇", "郭里镇", "田黄镇", "张庄镇", "看庄镇"]
STREET_WEIGHTS = [5, 5, 4] + [1] * 13
# Where a road name in ROADS or a village in VILLAGES lies.
PLACE_STREET = {"钢山街道": "钢山街道", "千泉街道": "千泉街道", "北宿镇": "北宿镇", "唐村镇": "唐村镇",
                "中心店镇": "中心店镇", "大束村": "大束镇", "看庄村": "看庄镇", "田黄村": "田黄镇",
                "香城村": "香城镇", "太平东路": "千泉街道", "凫山路": "凫山街道"}

ROADS = ["人民路", "建设路", "太平东路", "钢山街道", "千泉街道", "凫山路", "崇义路", "北宿镇", "唐村镇", "中心店镇",
         "兴隆路", "矿建路", "岗山路", "幸福河路", "平阳路"]
COMMUNITIES = ["金山花园", "翰林苑", "东滩小区", "香港花园", "阳光新城", "龙凤苑", "御景湾", "幸福家园", "锦绣华庭"]
VILLAGES = ["后八里沟村", "西丁村", "前葛村", "大束村", "看庄村", "田黄村", "香城村"]
SHOPS_GYM = ["力健健身", "悦动健身房", "蓝海游泳馆", "静心瑜伽馆"]
SHOPS_BEAUTY = ["丝域美发", "颜如玉美容院", "小美美甲店", "首席造型理发店"]
SHOPS_FOOD = ["老街火锅店", "味道蛋糕店", "一点点奶茶店", "鲁味饭店", "好运来餐厅"]
SCHOOLS = ["实验小学", "第二中学", "育才中学", "钢山小学", "凤凰幼儿园"]
TRAIN = ["学而思辅导班", "新思维补习班", "小天才托管班", "博雅书法兴趣班"]
DRIVING = ["安达驾校", "顺通驾校", "平安驾校"]
MONTHS = ["去年10月", "今年3月", "今年5月", "上个月", "前天", "年初", "去年年底", "上周"]

PREFIX = ["", "", "", "市民来电反映：", "来电人反映，", "市民反映：", "您好，", "我要投诉，", "来电人称，", "市民来电："]
SUFFIX = ["", "", "诉求：请相关部门尽快处理。", "希望尽快解决。", "请帮忙协调。", "已多次反映未解决。",
          "要求给个说法。", "来电人情绪激动。", "请尽快处理，谢谢。"]

DETAILS = ["来电人称已经和对方沟通过{n}次，对方一直推脱。", "该问题已经持续了{n}天。", "来电人要求相关部门上门核实。",
           "周围很多居民都有同样的问题。", "之前打过电话，说会处理，到现在也没有结果。", "来电人留了联系电话，要求办理后回访。",
           "地址在{road}附近，具体门牌号不清楚。", "来电人表示如果再不处理就去信访。", "对方态度很差，说随便去哪里告。",
           "家里有老人和小孩，影响很大。", "来电人已经拍了照片和视频，可以提供。"]

# Transcription slips seen in real call transcripts: one character typed or heard as another with the
# same reading, which the nearest-item step scores by sound (homophone in rules/00_schema.rules).
TYPOS = [("驾校", "驾效"), ("电梯", "电悌"), ("物业", "物叶"), ("退费", "退废"), ("噪音", "燥音"), ("预付卡", "预付咔")]
# More slips, applied with the second generator.
MORE_TYPOS = TYPOS + [("宅基地", "宅基第"), ("秸秆", "秸杆"), ("燃气", "然气"), ("会员卡", "会圆卡")]


def money(lo, hi, step=100):
    return rng.randrange(lo, hi + 1, step)


def fill(t):
    return t.format(
        road=rng.choice(ROADS), comm=rng.choice(COMMUNITIES), vil=rng.choice(VILLAGES),
        gym=rng.choice(SHOPS_GYM), beauty=rng.choice(SHOPS_BEAUTY), food=rng.choice(SHOPS_FOOD),
        school=rng.choice(SCHOOLS), train=rng.choice(TRAIN), drv=rng.choice(DRIVING), m=rng.choice(MONTHS),
        n=rng.randint(2, 30), amt="{amt}")


# Each group: kind, weight, category choices (None = not recorded), venue choices, online flag, amount range, texts.
# kind: "clear" one item owns it; "multi" two matters; "analogy" only analogy places it; "none" uncovered.
GROUPS = [
    # ---------------------------------------------------------------- prepaid cards
    ("clear", 3, ["预付卡", None], ["健身房", None], None, (1000, 8000), [
        "{m}在{road}{gym}办了年卡，花了{amt}元，现在健身房关门了，会员卡退不了",
        "{gym}突然停业，私教课还剩{n}节，店里说不给退，办卡时承诺随时可退",
        "在{gym}充值{amt}元的储值卡，现在说要转让给别人经营，瑜伽课没法上了"]),
    ("clear", 2, ["预付卡", None], ["美容美发店", None], None, (500, 5000), [
        "{road}{beauty}办的会员卡还有{amt}元，店铺突然关门，电话打不通",
        "在{beauty}充值了{amt}元，现在美发店说卡过期了不能用，要求退钱"]),
    ("clear", 2, ["预付卡", "校外培训", None], ["培训机构", None], None, (2000, 12000), [
        "孩子在{train}报了一年的课，交了{amt}元，机构说要搬走，剩下的课时费不退，会员卡也作废",
        "{train}预收了{amt}元学费，上了{n}次课就不开了，要求退还预付卡余额"]),
    ("clear", 2, ["预付卡", None], ["超市", "商场", "便利店", None], None, (200, 3000), [
        "{road}的超市购物卡还有{amt}元余额，超市关门了没处消费",
        "商场发的储值卡到期不能用，里面还有{amt}元，商场说过期作废"]),
    ("clear", 2, ["预付卡", None], ["餐饮店", None], None, (300, 3000), [
        "在{food}充值卡里存了{amt}元，饭店突然停业贴了转让告示",
        "{food}换了招牌，之前办的会员卡不让用，老板说是新店"]),
    ("clear", 2, ["预付卡", None], [None], None, (300, 6000), [
        "在{road}一家洗车店办了卡，充了{amt}元，洗车店关门了",
        "小区附近的早教中心停课，之前交的{amt}元预付卡课包没法用",
        "婚纱摄影店收了{amt}元定金办了套餐卡，现在拍不了也不退",
        "宠物店办的洗护充值卡里还有{amt}元，店里说宠物医院转让了不认账",
        "足疗店办的会员卡还有{amt}元，店主说换老板了不认卡"]),
    ("clear", 2, ["预付卡", None], [None, "健身房", "美容美发店"], None, (20000, 200000), [
        "{road}一家美容院老板跑路了，几十名顾客的会员卡总共{amt}元没消费",
        "健身房人去楼空，办卡的有上百人，涉及金额{amt}元，怀疑诈骗"]),
    ("clear", 1, ["预付卡"], [None], None, (100, 2000), [
        "在一家手机维修店充了{amt}元，店现在不开了，不知道找谁",
        "办了一张充值卡，商家说系统升级余额清零了，{amt}元没了"]),
    # ---------------------------------------------------------------- online shopping, food, price, quality
    ("clear", 3, ["网购", None], ["网店", None], True, (50, 3000), [
        "网购了一件羽绒服，商家不给退货，说特价商品不参加七天无理由",
        "在拼多多买的鞋子与描述不符，商家拒绝退款，平台也不管",
        "淘宝买的手表是假货，专柜鉴定是仿冒的，要求赔偿",
        "网购的包裹显示已签收但是没收到，快递员说放驿站了，驿站说没有",
        "直播带货买的化妆品是假货，主播已经不回消息了",
        "京东买的东西被大数据杀熟，同一件商品老用户比新用户贵{n}块",
        "在网上买东西遇到刷单返利被骗了{amt}元"]),
    ("clear", 3, ["食品", None], ["餐饮店", "超市", None], None, (0, 0), [
        "在{food}吃饭吃出了苍蝇，老板不承认",
        "在{road}超市买的牛奶过期了还在卖，保质期都过了{n}天",
        "{vil}有个黑作坊做豆腐，卫生条件很差，怀疑用地沟油",
        "孩子在学校门口小卖部买的辣条没有生产日期，是三无食品",
        "单位食堂吃完饭{n}个人拉肚子，怀疑食物中毒",
        "有人在{vil}私屠滥宰，猪肉直接拉到集市上卖"]),
    ("clear", 2, ["价格", None], ["超市", None], None, (0, 0), [
        "{road}菜市场卖水果的缺斤短两，一斤少了二两",
        "超市商品不明码标价，结账时价格比货架上贵",
        "家里水表不准，这个月水费是平时的三倍",
        "加油站加油机有问题，加了{n}升油量明显不对"]),
    ("clear", 2, ["质量", None], ["商场", None], None, (500, 8000), [
        "在商场买的冰箱用了两个月不制冷，售后一直拖着不修",
        "新买的手机质量问题，屏幕自己裂了，三包期内商家不给换",
        "买的沙发有质量问题，表皮开裂，商家不给退换货",
        "买的电动自行车电池鼓包，售后说不在保修范围"]),
    # ---------------------------------------------------------------- transport
    ("clear", 3, ["停车", None], ["停车场", None], None, (0, 0), [
        "{road}医院停车场乱收费，停了半小时收了二十元",
        "{comm}地下停车场车位只租不售，开发商说车位产权不能卖",
        "在{road}路边停车被剐蹭了，找不到肇事车",
        "停车场出口道闸扫码不抬杆，后面车排了很长的队",
        "小区停车场的充电桩被燃油车占位，电车充不了电",
        "{road}有辆僵尸车在停车位上停了半年没人管"]),
    ("clear", 2, ["二手车", None], ["二手车市场", None], None, (20000, 120000), [
        "在二手车市场花{amt}元买了辆车，后来查出是泡水车，车商说不知情",
        "买的二手车车商拖着不给过户，已经三个月了",
        "二手车商收了{amt}元定金，现在车卖给别人了不退定金",
        "卖二手车的时候车商说要收金融服务费，不交就不给提车"]),
    ("clear", 3, ["驾培", None], ["驾校", None], None, (2000, 6000), [
        "在{drv}报名交了{amt}元，因为工作调动不学了，驾校不给退费",
        "{drv}的教练索要红包，不给就不让练车",
        "学车一年了科目三一直约考约不上，驾校说名额不够",
        "{drv}突然倒闭了，几百个学员的学费没人管",
        "驾校补考费和加时费收得太多，和合同上写的不一样",
        "{drv}学时打卡造假，没上车也算学时"]),
    ("clear", 2, ["出租车", None], [None], None, (0, 0), [
        "晚上在火车站打车，出租车司机拒载，说不顺路",
        "坐网约车司机故意绕路，多收了{n}块钱",
        "手机落在出租车上了，记得车牌号，司机不接电话",
        "网约车平台取消订单还扣了取消费"]),
    ("clear", 2, ["公交", "交通", None], [None], None, (0, 0), [
        "{n}路公交车经常甩站，等了半个小时不进站",
        "希望开通到{vil}的公交线路，老人进城不方便",
        "{road}十字路口红绿灯坏了，早上很多车抢行",
        "{road}路面破损严重，有好几个大坑洼",
        "{comm}门口天天有人违停，占用人行道，孩子上学得走马路"]),
    # ---------------------------------------------------------------- education
    ("clear", 3, ["线上教育", None], [None], True, (1000, 20000), [
        "在网校报了{amt}元的网课，上了几节觉得不好，要求退课不给退",
        "孩子报的线上课程说是保过，结果没考过，也不给退钱",
        "网课机构诱导办了培训贷，现在每个月还款，课也上不了",
        "线上编程课程老师总是换人，课时也对不上",
        "在学习APP买的会计考证课，自动续费扣了好几个月"]),
    ("clear", 2, ["校外培训", "教育", None], ["培训机构", None], None, (0, 0), [
        "{road}有家培训机构暑假违规补课，学科类培训照常上",
        "{school}有老师在家有偿补课，还暗示学生必须去",
        "辅导机构在居民楼里，没有安全出口，担心消防隐患",
        "{school}要求学生交资料费和校服费，没有收据",
        "{school}食堂饭菜质量差，营养餐分量少",
        "{school}校门口放学时特别乱，担心孩子上学路上的安全"]),
    # ---------------------------------------------------------------- culture, tourism, new business
    ("clear", 2, ["文化娱乐", "出版物", "旅游", None], [None, "书店", "娱乐场所", "景区"], None, (0, 0), [
        "{road}网吧接纳未成年人上网，晚上很多中学生在里面",
        "书店里卖盗版图书，价格便宜但是印刷质量很差",
        "{school}班主任强制购买教辅资料",
        "跟旅行社去玩被强制购物，导游说不买不让走",
        "景区门票价格和网上公布的不一样，多收了钱",
        "{road}的KTV里有人赌博，声音一直到凌晨"]),
    ("clear", 2, [None, "文化娱乐"], [None, "娱乐场所"], None, (100, 2000), [
        "{road}的剧本杀店剧本内容恐怖血腥，孩子玩完做噩梦",
        "密室逃脱店里工作人员吓人的时候把顾客推倒受伤了",
        "剧本杀店在地下室，没有安全出口，一旦着火根本跑不出来",
        "密室逃脱店收了{amt}元团建费，临时取消不退钱",
        "电竞酒店让未成年人开房打游戏到半夜"]),
    # ---------------------------------------------------------------- agriculture
    ("clear", 3, ["种子", "农资", None], ["农资店", None], None, (200, 5000), [
        "在{vil}农资店买的玉米种子发芽率不到一半，损失{amt}元",
        "买的小麦种子不出苗，怀疑是假种子",
        "农资店卖假化肥，庄稼都烧苗了",
        "买的农药是禁用农药，邻居家的菜都药害了",
        "{vil}的种子站卖的稻种没有种子标签"]),
    ("clear", 2, ["畜牧", "犬只", None], [None], None, (0, 0), [
        "{vil}村边的养猪场粪污乱排，夏天臭得没法住",
        "{comm}有人遛狗不牵绳，大狗追着孩子跑",
        "小区里流浪狗越来越多，晚上成群结队",
        "邻居家狗叫一晚上，说了也不管",
        "被邻居家的狗咬伤了，对方不赔医药费",
        "有人把病死猪扔在{vil}的河沟里"]),
    # ---------------------------------------------------------------- housing
    ("clear", 3, ["违建", None], [None, "住宅小区"], None, (0, 0), [
        "{comm}顶楼住户楼顶加盖了一层彩钢房",
        "{vil}有人占用耕地建房，村里不管",
        "{comm}一楼住户私搭乱建，把院墙外扩占了公共绿地",
        "楼上装修在砸承重墙，整栋楼都能感觉到震动",
        "{road}沿街商铺私自改建门头，占用消防通道"]),
    ("clear", 3, ["家装", None], [None], None, (5000, 80000), [
        "找的装修公司做完三个月墙面开裂空鼓，公司不给返工",
        "装修公司低价揽客，签了合同后不停加增项，多要了{amt}元",
        "装修公司收了{amt}元首付款以后跑路了",
        "装修队用的瓷砖和合同上不一样，以次充好",
        "装修工人说装修公司拖欠工钱，不给干活了"]),
    ("clear", 3, ["物业", "房产", "租房", None], [None, "住宅小区"], None, (0, 0), [
        "{comm}电梯困人，物业半个小时才来",
        "{comm}物业费涨了，业主不同意，物业说不交就停水",
        "{comm}物业撤场了，现在小区垃圾没人清运",
        "开发商逾期交房一年多，{comm}业主多次找没结果",
        "买的商品房办不了房产证，开发商一直推脱",
        "房东到期不退押金，说要扣清洁费{n}百块",
        "{comm}有人群租，一套房子打隔断住了十几个人"]),
    # ---------------------------------------------------------------- urban, environment, utilities
    ("clear", 3, ["城市管理", "噪声", "环保", None], [None], None, (0, 0), [
        "{road}菜市场门口流动摊贩占道经营，早上堵得走不了",
        "{road}路灯坏了一个多月，晚上很黑",
        "{road}有个井盖松动了，车压上去哐哐响",
        "{comm}楼下广场舞噪音太大，每天晚上十点还在跳",
        "{road}工地夜间施工打桩，噪音吵得睡不着",
        "{vil}附近的工厂晚上偷排废气，味道刺鼻",
        "{vil}有人焚烧秸秆，烟很大",
        "{road}渣土车撒漏，路面全是泥"]),
    ("clear", 2, ["水电气", None], [None, "住宅小区"], None, (0, 0), [
        "{comm}从早上开始停水，也没有提前通知",
        "{vil}今天又停电了，一个月停了好几次",
        "楼道里有很大的煤气味，怀疑燃气管道泄漏",
        "{comm}暖气不热，室温只有十四度",
        "燃气公司开户收了{n}百块初装费，不知道合不合理"]),
    # ---------------------------------------------------------------- labour, health, civil affairs, telecom
    ("clear", 3, ["劳动", "医疗", "民政", "通信", None], [None, "医疗机构"], None, (0, 0), [
        "在工地干了半年，包工头拖欠工资不给",
        "公司不给交社保，辞职时也不给补",
        "在{road}医院做的手术失败了，医院推卸责任",
        "{vil}有黑门诊非法行医，给老人乱打针",
        "我父亲申请低保好几个月了，一直没有批下来",
        "{road}养老院护工虐待老人，家属看到老人身上有伤",
        "家里宽带老是断网，报修好几次都没人来",
        "接到冒充客服的电话，被骗了{n}千元"]),
    # ---------------------------------------------------------------- two topics at once (一单多诉)
    ("multi", 3, [None], [None], None, (0, 0), [
        "在超市办的购物卡退不了，另外健身房的会员卡也退不了",
        "{comm}里晚上一直有嗡嗡的噪音，物业说不归他们管",
        "网吧里有人抽烟，楼下KTV噪音也很大",
        "驾校不给退费，另外网课也退不了费",
        "装修公司做的墙面开裂，楼下还说我家装修噪音扰民",
        "{comm}停车场乱收费，物业费也涨了",
        "学校门口停车场乱收费，学校还乱收资料费"]),
    # ---------------------------------------------------------------- only analogy can place these
    ("analogy", 6, [None], [None], None, (0, 0), [
        "{road}新开了一家沉浸式剧场，演出时有人受伤，商家不管",
        "{road}的鬼屋体验馆收费不透明，进去以后还要另外加钱",
        "桌游吧晚上营业到两三点，楼上住户有意见",
        "真人CS场地设施老化，孩子玩的时候受伤了",
        "楼下瑜伽馆的教练上课迟到早退，体验很差",
        "医保报销比例太低，异地结算也麻烦",
        "{road}有家射箭馆收费很贵，也没有安全防护",
        "{comm}门口的快递柜经常坏，取不出包裹"]),
    # ---------------------------------------------------------------- not covered by any item
    ("none", 4, [None, "咨询", "建议"], [None], None, (0, 0), [
        "想咨询一下今年的高考志愿怎么填报",
        "请问市民卡丢了去哪里补办",
        "建议在{road}多种一些花，现在太单调了",
        "想问一下退休人员去外地旅游有没有优惠政策",
        "孩子的出生证明丢了，不知道去哪补",
        "感谢{road}街道的工作人员帮忙找回了走失的老人",
        "邻居家的树枝伸到我家院子里了，沟通不了",
        "想咨询一下公租房怎么申请，需要什么材料"]),
]

# In groups that span several hotline categories, the category recorded must fit the text.
CATEGORY_HINTS = {
    "公交": ["公交"], "交通": ["红绿灯", "路面", "违停"], "校外培训": ["培训机构", "补课", "辅导机构"],
    "教育": ["学校", "校服", "食堂", "校门口", "小学", "中学"], "文化娱乐": ["网吧", "KTV", "剧本杀", "密室"],
    "出版物": ["书店", "教辅", "图书"], "旅游": ["旅行社", "景区"], "种子": ["种子", "稻种"],
    "农资": ["化肥", "农药"], "畜牧": ["养猪场", "病死猪"], "犬只": ["狗"], "物业": ["物业", "电梯"],
    "房产": ["开发商", "商品房"], "租房": ["房东", "群租"], "城市管理": ["摊贩", "路灯", "井盖", "渣土"],
    "噪声": ["噪音"], "环保": ["废气", "秸秆"], "劳动": ["工资", "社保"], "医疗": ["医院", "门诊"],
    "民政": ["低保", "养老院"], "通信": ["宽带", "客服"], "水电气": ["停水", "停电", "煤气", "暖气", "燃气"],
}


def category_for(body, cats):
    if len([c for c in cats if c]) <= 1:
        return rng.choice(cats)
    for c in cats:
        if c and any(k in body for k in CATEGORY_HINTS.get(c, [])) and rng.random() < 0.7:
            return c
    return None


RETURN_RATE = {"clear": 0.12, "multi": 0.55, "analogy": 0.45, "none": 0.5}


def pick_group():
    total = sum(g[1] for g in GROUPS)
    r = rng.uniform(0, total)
    for g in GROUPS:
        r -= g[1]
        if r <= 0:
            return g
    return GROUPS[-1]


def build_text(body, kind):
    text = rng.choice(PREFIX) + body
    if not text.endswith(("。", "？", "！")):
        text += "。"
    for tpl in rng.sample(DETAILS, rng.choice([0, 0, 1, 1, 2])):
        detail = fill(tpl)
        if len(text) + len(detail) <= 130:
            text += detail
    suffix = rng.choice(SUFFIX)
    if len(text) + len(suffix) <= 150:
        text += suffix
    for pad in ["请相关部门尽快核实处理。", "希望有关部门重视。"]:
        if len(text) >= 30:
            break
        if pad not in text:
            text += pad
    # an occasional slip in the transcript
    if rng.random() < 0.06:
        a, b = rng.choice(TYPOS)
        if a in text:
            text = text.replace(a, b, 1)
    return text[:150]


def make(i):
    kind, _w, cats, venues, online, (lo, hi), bodies = pick_group()
    body = fill(rng.choice(bodies))
    amount = None
    if hi > 0 and rng.random() < 0.8:
        amount = money(lo, hi)
        body = body.replace("{amt}", str(amount))
    else:
        body = body.replace("{amt}", str(money(lo, hi) if hi > 0 else rng.randint(2, 9) * 100))
    t = {"id": f"T{i:04d}"}
    cat = category_for(body, cats)
    if cat is not None:
        t["category"] = cat
    t["text"] = build_text(body, kind)
    venue = rng.choice(venues)
    if venue is not None:
        t["venue"] = venue
    if amount is not None:
        t["amount"] = amount
    if online is not None:
        t["online"] = online
    elif rng.random() < 0.1:
        t["online"] = False
    if rng.random() < 0.05:
        t["category"] = None  # recorded but explicitly empty
    if rng.random() < 0.30:
        t["returned"] = rng.random() < RETURN_RATE[kind]
    place_and_date(t)
    return t


def place_and_date(t):
    """The ticket's street or town (named in the text, else drawn; sometimes not recorded), its receipt time
    (most as exported, date and time; a few date only; a few missing) and now and then one more slip."""
    named = [s for p, s in PLACE_STREET.items() if p in t["text"]]
    street = named[0] if named else rng2.choices(STREETS, STREET_WEIGHTS)[0]
    if named or rng2.random() < 0.8:
        t["street"] = street
    r = rng2.random()
    day = rng2.randrange(0, 546)  # 2024-01-01 .. 2025-06-29
    y, m, d = date_of(day)
    if r < 0.85:
        t["received"] = f"{y:04d}-{m:02d}-{d:02d} {rng2.randrange(7, 22):02d}:{rng2.randrange(60):02d}:{rng2.randrange(60):02d}"
    elif r < 0.95:
        t["received"] = f"{y:04d}-{m:02d}-{d:02d}"
    slips = [(a, b) for a, b in MORE_TYPOS if a in t["text"]]
    if slips and rng2.random() < 0.12:
        a, b = rng2.choice(slips)
        t["text"] = t["text"].replace(a, b, 1)


def date_of(day):
    """Day `day` counted from 2024-01-01, as (year, month, day)."""
    import datetime
    d = datetime.date(2024, 1, 1) + datetime.timedelta(days=day)
    return d.year, d.month, d.day


def main():
    print("# zeren example tickets: ILLUSTRATIVE AND INVENTED, not real citizen data.")
    print("# Generated by examples/gen_tickets.py (fixed seed); names of roads, shops and villages are made up.")
    print("# Fields: category/text/venue/amount/online/street/received are schema attributes (rules/00_schema.rules);")
    print("# \"id\" and \"returned\" (did the ticket bounce back from the department) are read by `zeren replay` separately.")
    seen = set()
    i = 1
    while i <= N:
        t = make(i)
        if t["text"] in seen:
            continue
        seen.add(t["text"])
        print(json.dumps(t, ensure_ascii=False))
        i += 1


if __name__ == "__main__":
    main()
