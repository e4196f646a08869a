#pragma once
// fsnotify_groups as the real circular doubly linked list, with object lives, readers and
// the faulting pointer. Layout comes from computeListLayout; this widget keeps the last
// snapshot, swings arrows whose pointer changed, and answers tooltips.

#include "listview/listlayout.h"
#include "listview/listpainter.h"
#include "sim/simframe.h"

#include <QWidget>

#include <map>
#include <memory>
#include <utility>

class QVariantAnimation;

namespace racescope::ui {

class GroupListView : public QWidget {
    Q_OBJECT
public:
    explicit GroupListView(QWidget* parent = nullptr);

    const ListLayout& layout() const { return m_layout; }
    const ListPaintCache& paintCache() const { return m_paintCache; }
    QSize sizeHint() const override { return {900, 420}; }

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void relayout(bool animate);

    std::shared_ptr<const Snapshot> m_snapshot;
    ListLayout m_layout;
    std::vector<QPointF> m_swingFrom;
    double m_swingT = 1;
    QVariantAnimation* m_swing = nullptr;
    ListPaintCache m_paintCache;
    // The colour legend's entry widths in this widget's font: measured when the font changes,
    // not on every frame's layout.
    std::vector<double> m_legendWidths;
    QSize m_cacheSize; // the size the cached pictures were drawn at
};

} // namespace racescope::ui
