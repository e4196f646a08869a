#pragma once
// Events created by file operations, the groups they reach, each group's queue and its
// consumers. Layout comes from computeFlowLayout over the latest snapshot and the history
// this view accumulates; paintEvent only draws it, from sprites of what did not change.

#include "panels/flowlayout.h"
#include "sim/simframe.h"

#include <QWidget>

#include <memory>

namespace racescope::ui {

class NotificationFlowView : public QWidget {
    Q_OBJECT
public:
    explicit NotificationFlowView(QWidget* parent = nullptr);
    ~NotificationFlowView() override;

    const FlowLayout& layout() const { return m_layout; }
    const FlowHistory& history() const { return m_history; }
    size_t cachedSprites() const;
    unsigned idleLayerRepaints() const;
    QSize sizeHint() const override { return {700, 360}; }

public slots:
    void showFrame(const racescope::ui::SimFrame& frame);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    bool event(QEvent* event) override;

private:
    void relayout();

    std::shared_ptr<const Snapshot> m_snapshot;
    FlowHistory m_history;
    FlowLayout m_layout;
    // Boxes as sprites and the idle edges as a layer (paint/), kept between frames.
    struct PaintCache;
    std::unique_ptr<PaintCache> m_paintCache;
};

} // namespace racescope::ui
