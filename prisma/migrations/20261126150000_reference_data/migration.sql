-- Reference data every database needs, demo or not: the city and its counties, and the
-- GB/T 4754-2017 industry divisions the platform classifies enterprises by.
INSERT INTO "county" ("code", "name", "name_en", "is_city", "created_at") VALUES
  ('441700', '阳江市', 'Yangjiang', true, '2016-01-01T00:00:00.000Z'),
  ('441702', '江城区', 'Jiangcheng', false, '2016-01-01T00:00:00.000Z'),
  ('441704', '阳东区', 'Yangdong', false, '2016-01-01T00:00:00.000Z'),
  ('441721', '阳西县', 'Yangxi', false, '2016-01-01T00:00:00.000Z'),
  ('441781', '阳春市', 'Yangchun', false, '2016-01-01T00:00:00.000Z')
ON CONFLICT ("code") DO NOTHING;

INSERT INTO "industry" ("code", "section", "name", "name_en") VALUES
  ('A01', 'A', '农业', 'Agriculture'),
  ('A04', 'A', '渔业', 'Fishery'),
  ('C13', 'C', '农副食品加工业', 'Agricultural and sideline food processing'),
  ('C26', 'C', '化学原料和化学制品制造业', 'Chemical raw materials and chemical products'),
  ('C30', 'C', '非金属矿物制品业', 'Non-metallic mineral products'),
  ('C31', 'C', '黑色金属冶炼和压延加工业', 'Smelting and pressing of ferrous metals'),
  ('C33', 'C', '金属制品业', 'Metal products'),
  ('C34', 'C', '通用设备制造业', 'General-purpose equipment'),
  ('C35', 'C', '专用设备制造业', 'Special-purpose equipment'),
  ('C37', 'C', '铁路、船舶、航空航天和其他运输设备制造业', 'Railway, ship, aerospace and other transport equipment'),
  ('C38', 'C', '电气机械和器材制造业', 'Electrical machinery and equipment'),
  ('D44', 'D', '电力、热力生产和供应业', 'Production and supply of electricity and heat'),
  ('E47', 'E', '房屋建筑业', 'Building construction'),
  ('E48', 'E', '土木工程建筑业', 'Civil engineering construction'),
  ('F51', 'F', '批发业', 'Wholesale trade'),
  ('F52', 'F', '零售业', 'Retail trade'),
  ('G54', 'G', '道路运输业', 'Road transport'),
  ('H61', 'H', '住宿业', 'Accommodation'),
  ('I65', 'I', '软件和信息技术服务业', 'Software and information technology services'),
  ('K70', 'K', '房地产业', 'Real estate'),
  ('L72', 'L', '商务服务业', 'Business services')
ON CONFLICT ("code") DO NOTHING;
