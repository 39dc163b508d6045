"""Traditional characters and injected pinyin, folded away for label lookup only.

Mirror sites republish forms in traditional characters and some inject the
pinyin of a character after it: 項(xiàng)目名稱.  Cell values are kept as
written; only lookup keys (canon_label) are folded, so that 項目名稱 finds the
项目名称 label.  The table covers the characters of the forms' vocabulary and
their common neighbours, not the whole language.
"""

from __future__ import annotations

import regex

# pinyin in brackets right after a character: (xiàng) (zhí) (lǜ); lowercase Latin with tone marks
INJECTED_PINYIN = regex.compile(r"(?<=\p{Han})\((?=[^)]*[a-z\u00e0-\u00fc\u0101-\u01dc])[a-z\u00e0-\u00fc\u0101-\u01dc]{1,7}\)")

_PAIRS = (
    "項项 稱称 單单 門门 實实 際际 預预 算算 執执 數数 績绩 標标 級级 產产 質质 時时 "
    "計计 資资 來来 總总 評评 達达 額额 財财 撥拨 內内 經经 費费 據据 報报 監监 驗验 "
    "務务 與与 對对 發发 東东 區区 園园 業业 縣县 鄉乡 鎮镇 護护 災灾 圖图 書书 館馆 "
    "衛卫 醫医 療疗 設设 備备 養养 識识 聯联 絡络 電电 話话 負负 責责 場场 機机 構构 "
    "關关 係系 響响 滿满 意意 義义 質质 時时 間间 効效 傷伤 亡亡 現现 狀状 況况 進进 "
    "應应 當当 開开 會会 組组 織织 導导 領领 環环 境境 態态 濟济 社社 個个 點点 線线 "
    "網网 絡络 覆覆 蓋盖 樂乐 藝艺 術术 體体 育育 學学 校校 師师 員员 範范 圍围 級级 "
    "獎奖 補补 貼贴 戶户 農农 勞劳 動动 優优 秀秀 良良 差差 劃划 規规 則则 價价 值值 "
    "準准 確确 率率 積积 極极 偏偏 差差 原原 因因 析析 改改 措措 施施 說说 明明 註注 "
    "並并 於于 為为 從从 將将 這这 裡里 後后 處处 辦办 讓让 車车 輛辆 購购 稅税 運运 "
    "輸输 區区 縣县 鄉乡 專专 項项 擔担 證证 決决 策策 讀读 庫库 標标 調调 整整 結结 "
    "餘余 轉转 撥拨 筆笔 萬万 億亿 險险 災灾 幣币 種种 類类 屬属 性性 續续 類类 選选 "
    "擇择 參参 考考 舉举 辦办 講讲 座座 圖图 錄录 據据 統统 籌筹 預预 測测 量量 檢检 "
    "查查 驗验 收收 續续 質质 饋馈 視视 顧顾 問问 題题 齊齐 備备 訂订 條条 例例 "
    "無无 書书 紀纪 錄录 養养 殖殖 漁渔 業业 歲岁 倉仓 儲储 貨货 幣币 銀银 稅税 營营 "
    "濟济 觀观 紅红 綠绿 藍蓝 黃黄 滅灭 災灾 撲扑 設设 施施 維维 護护 監监 控控 終终 "
    "記记 錄录 額额 費费 盡尽 節节 約约 產产 權权 屬属 戰战 略略 層层 應应 該该 認认 "
)
T2S = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split() if len(pair) == 2})


def fold_hanzi(text: str) -> str:
    """The text with injected pinyin dropped and traditional characters made simplified."""
    if "(" in text:
        text = INJECTED_PINYIN.sub("", text)
    return text.translate(T2S)
